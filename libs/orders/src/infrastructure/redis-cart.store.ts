import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '@surge/contracts';
import { AppConfig } from '@surge/platform/config';
import { REDIS } from '@surge/platform/redis';
import { CartStore, type CartLine } from '../ports/cart.store.js';
import { bounded } from './bounded.js';

const COMMAND_TIMEOUT_MS = 1000;

/** One hash per user (field = product id), expiring CART_TTL_SECONDS after the last change. */
@Injectable()
export class RedisCartStore extends CartStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async get(userId: string): Promise<CartLine[]> {
    const fields = await this.available(this.redis.hgetall(this.key(userId)));
    return Object.entries(fields)
      .map(([productId, quantity]) => ({ productId: Number(productId), quantity: Number(quantity) }))
      .sort((a, b) => a.productId - b.productId);
  }

  async set(userId: string, productId: number, quantity: number): Promise<void> {
    const key = this.key(userId);
    await this.available(this.redis.multi().hset(key, String(productId), String(quantity)).expire(key, this.config.cartTtlSeconds).exec());
  }

  async remove(userId: string, productId: number): Promise<void> {
    await this.available(this.redis.hdel(this.key(userId), String(productId)));
  }

  async clear(userId: string): Promise<void> {
    await this.available(this.redis.del(this.key(userId)));
  }

  /** Redis down: 503 with Retry-After, not a 500. */
  private async available<T>(command: Promise<T>): Promise<T> {
    try {
      return await bounded(command, COMMAND_TIMEOUT_MS);
    } catch {
      throw new ServiceUnavailableError('The cart is unavailable; try again shortly');
    }
  }

  private key(userId: string): string {
    return `${this.config.keyPrefix}:cart:${userId}`;
  }
}
