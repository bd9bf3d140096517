import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { OutOfStockError, type StockShortage } from '@surge/contracts';
import { AppConfig } from '@surge/platform/config';
import { REDIS } from '@surge/platform/redis';
import { PurchaseLimitExceededError } from '../domain/orders.errors.js';
import { FlashSaleGate, type FlashItem } from '../ports/flash-sale.gate.js';
import { bounded } from './bounded.js';

// KEYS: taken-record, n stock counters, n buyer tallies. ARGV: user, limit, counter ttl ms,
// record ttl s, then quantity, seed and product id per item. Checks everything, then takes.
const TAKE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return {1, 0, 0} end
local n = (#KEYS - 1) / 2
local user, limit = ARGV[1], tonumber(ARGV[2])
local items = {}
for i = 1, n do
  local base = 4 + 3 * (i - 1)
  local qty = tonumber(ARGV[base + 1])
  local stock = redis.call('GET', KEYS[1 + i])
  if not stock then
    stock = ARGV[base + 2]
    redis.call('SET', KEYS[1 + i], stock, 'PX', ARGV[3])
  end
  local bought = tonumber(redis.call('HGET', KEYS[1 + n + i], user) or '0')
  if bought + qty > limit then return {-2, i, bought} end
  if tonumber(stock) < qty then return {-1, i, tonumber(stock)} end
  items[i] = {productId = tonumber(ARGV[base + 3]), quantity = qty}
end
for i = 1, n do
  redis.call('DECRBY', KEYS[1 + i], items[i].quantity)
  redis.call('HINCRBY', KEYS[1 + n + i], user, items[i].quantity)
  redis.call('EXPIRE', KEYS[1 + n + i], ARGV[4])
end
redis.call('SET', KEYS[1], cjson.encode({user = user, items = items}), 'EX', ARGV[4])
return {1, 0, 0}
`;

// KEYS: taken-record, n stock counters, n buyer tallies. ARGV: user, then quantity per item.
// Deleting the record first makes a second give-back a no-op.
const GIVE_BACK = `
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
local n = (#KEYS - 1) / 2
for i = 1, n do
  local qty = tonumber(ARGV[1 + i])
  if redis.call('EXISTS', KEYS[1 + i]) == 1 then redis.call('INCRBY', KEYS[1 + i], qty) end
  if redis.call('HINCRBY', KEYS[1 + n + i], ARGV[1], -qty) <= 0 then redis.call('HDEL', KEYS[1 + n + i], ARGV[1]) end
end
return 1
`;

/** A counter lives this long, then is seeded again from the catalog (which stays authoritative). */
const COUNTER_TTL_MS = 15_000;
/** Per-customer tallies and take records outlive any sale. */
const RECORD_TTL_SECONDS = 7 * 86400;

const SOLD_OUT_TIMEOUT_MS = 100;
const TAKE_TIMEOUT_MS = 1000;

type Scripted = Redis & {
  surgeFlashTake(...args: (string | number)[]): Promise<[number, number, number]>;
  surgeFlashGiveBack(...args: (string | number)[]): Promise<number>;
};

@Injectable()
export class RedisFlashSaleGate extends FlashSaleGate {
  readonly enabled = true;
  private readonly log = new Logger('FlashSaleGate');
  private readonly redis: Scripted;
  private readonly prefix: string;

  constructor(@Inject(REDIS) redis: Redis, private readonly config: AppConfig) {
    super();
    redis.defineCommand('surgeFlashTake', { lua: TAKE });
    redis.defineCommand('surgeFlashGiveBack', { lua: GIVE_BACK });
    this.redis = redis as Scripted;
    this.prefix = `${config.keyPrefix}:flash`;
  }

  async soldOut(items: { productId: number; quantity: number }[]): Promise<StockShortage[]> {
    const keys = items.map((i) => this.counter(i.productId));
    const counters = await bounded(this.redis.mget(...keys), SOLD_OUT_TIMEOUT_MS).catch(() => items.map(() => null));
    return items.flatMap((item, i) => {
      const left = counters[i];
      return left !== null && left !== undefined && Number(left) < item.quantity
        ? [{ productId: item.productId, requested: item.quantity, available: Math.max(0, Number(left)) }]
        : [];
    });
  }

  async take(orderId: string, userId: string, items: FlashItem[]): Promise<void> {
    const keys = [this.record(orderId), ...items.map((i) => this.counter(i.productId)), ...items.map((i) => this.buyers(i.productId))];
    const args = [userId, this.config.flashSaleUserLimit, COUNTER_TTL_MS, RECORD_TTL_SECONDS, ...items.flatMap((i) => [i.quantity, i.stock, i.productId])];
    let reply: [number, number, number];
    try {
      reply = await bounded(this.redis.surgeFlashTake(keys.length, ...keys, ...args), TAKE_TIMEOUT_MS);
    } catch (error) {
      // Redis unreachable: these buyers take the normal path, where the catalog's conditional
      // UPDATE still prevents overselling (the per-customer limit is not enforced meanwhile).
      this.log.warn(`Flash-sale gate unavailable, order ${orderId} takes the normal path: ${(error as Error).message}`);
      return;
    }
    const [result, index, value] = reply;
    if (result === 1) return;
    const item = items[index - 1]!;
    if (result === -2) throw new PurchaseLimitExceededError(item.productId, this.config.flashSaleUserLimit, value);
    throw new OutOfStockError([{ productId: item.productId, requested: item.quantity, available: Math.max(0, value) }]);
  }

  async giveBack(orderId: string): Promise<void> {
    const raw = await this.redis.get(this.record(orderId));
    if (raw === null) return;
    const record = JSON.parse(raw) as { user: string; items: { productId: number; quantity: number }[] };
    const keys = [this.record(orderId), ...record.items.map((i) => this.counter(i.productId)), ...record.items.map((i) => this.buyers(i.productId))];
    await this.redis.surgeFlashGiveBack(keys.length, ...keys, record.user, ...record.items.map((i) => i.quantity));
  }

  private record(orderId: string): string {
    return `${this.prefix}:taken:${orderId}`;
  }

  private counter(productId: number): string {
    return `${this.prefix}:stock:${productId}`;
  }

  private buyers(productId: number): string {
    return `${this.prefix}:buyers:${productId}`;
  }
}

/** Without Redis flash-sale items take the normal path: the catalog's conditional UPDATE. */
@Injectable()
export class NoFlashSaleGate extends FlashSaleGate {
  readonly enabled = false;

  async soldOut(): Promise<StockShortage[]> {
    return [];
  }

  async take(): Promise<void> {}

  async giveBack(): Promise<void> {}
}
