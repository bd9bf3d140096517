import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@surge/platform/config';
import { REDIS } from '@surge/platform/redis';
import { CartStore, type CartLine } from '../ports/cart.store.js';

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
    const fields = await this.redis.hgetall(this.key(userId));
    return Object.entries(fields)
      .map(([productId, quantity]) => ({ productId: Number(productId), quantity: Number(quantity) }))
      .sort((a, b) => a.productId - b.productId);
  }

  async set(userId: string, productId: number, quantity: number): Promise<void> {
    const key = this.key(userId);
    await this.redis.multi().hset(key, String(productId), String(quantity)).expire(key, this.config.cartTtlSeconds).exec();
  }

  async remove(userId: string, productId: number): Promise<void> {
    await this.redis.hdel(this.key(userId), String(productId));
  }

  async clear(userId: string): Promise<void> {
    await this.redis.del(this.key(userId));
  }

  private key(userId: string): string {
    return `${this.config.keyPrefix}:cart:${userId}`;
  }
}
