import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '@surge/contracts';

export interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * One atomic step of a fixed-window counter with blocking, the same rules as the throttler's
 * in-memory storage: while blocked nothing counts; the hit that passes the limit starts a block of
 * `blockDuration` and resets the window, so counting starts afresh once the block ends.
 * KEYS: hits, block. ARGV: ttl ms, limit, block ms. Returns {hits, pttl, blocked, block pttl}.
 */
const INCREMENT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  return {tonumber(ARGV[2]) + 1, blockTtl, 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/** @nestjs/throttler storage on Redis, so a limit holds across every replica of a deployment. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // The hash tag keeps both keys in one cluster slot, as a script touching two keys needs.
    const base = `${this.prefix}:throttle:${throttlerName}:{${key}}`;
    const block = blockDuration > 0 ? blockDuration : ttl;
    let reply: number[];
    try {
      reply = (await this.redis.eval(INCREMENT, 2, `${base}:hits`, `${base}:block`, ttl, limit, block)) as number[];
    } catch {
      // Fail closed: without the shared counter we cannot tell whether the limit is reached.
      throw new ServiceUnavailableError('Rate limiting is unavailable; try again shortly');
    }
    const [hits, pttl, blocked, blockPttl] = reply;
    return {
      totalHits: hits!,
      timeToExpire: seconds(pttl!),
      isBlocked: blocked === 1,
      timeToBlockExpire: seconds(blockPttl!),
    };
  }
}
