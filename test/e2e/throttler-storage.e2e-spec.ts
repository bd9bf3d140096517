import { afterAll, beforeAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { RedisThrottlerStorage } from '@surge/platform/auth';
import { describeThrottlerStorageContract } from '../../libs/platform/auth/src/testing/throttler-storage.contract.js';

// The same rules the in-memory driver passes (libs/platform/auth), on the real Redis.
const redis = new Redis(process.env.SURGE_E2E_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
const prefix = `${process.env.SURGE_E2E_RUN ?? 'e2e'}-throttle`;

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describeThrottlerStorageContract('Redis', () => new RedisThrottlerStorage(redis, prefix), (name) => `${name}-${Date.now()}`);
