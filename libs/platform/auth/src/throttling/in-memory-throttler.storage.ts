import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from './redis-throttler.storage.js';

interface Entry {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/**
 * The in-process driver (no REDIS_URL): the same fixed-window-with-block rules as
 * RedisThrottlerStorage, checked by the same shared suite. Limits hold per process only.
 */
export class InMemoryThrottlerStorage implements ThrottlerStorage {
  private readonly entries = new Map<string, Entry>();
  private calls = 0;

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    if (++this.calls % 1000 === 0) this.sweep(now);
    const id = `${throttlerName}:${key}`;
    let entry = this.entries.get(id);
    if (entry && entry.blockedUntil > now) {
      return { totalHits: limit + 1, timeToExpire: seconds(entry.blockedUntil - now), isBlocked: true, timeToBlockExpire: seconds(entry.blockedUntil - now) };
    }
    if (!entry || entry.windowEndsAt <= now || entry.blockedUntil > 0) {
      entry = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 };
      this.entries.set(id, entry);
    }
    entry.hits += 1;
    if (entry.hits > limit) {
      const block = blockDuration > 0 ? blockDuration : ttl;
      entry.blockedUntil = now + block;
      return { totalHits: entry.hits, timeToExpire: seconds(entry.windowEndsAt - now), isBlocked: true, timeToBlockExpire: seconds(block) };
    }
    return { totalHits: entry.hits, timeToExpire: seconds(entry.windowEndsAt - now), isBlocked: false, timeToBlockExpire: 0 };
  }

  private sweep(now: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.windowEndsAt <= now && entry.blockedUntil <= now) this.entries.delete(id);
    }
  }
}
