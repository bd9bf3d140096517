import { afterAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { scanKeys } from '../support/redis-keys.js';
import { loadConfig } from '@surge/platform/config';
import { describeQueueDriverContract } from '../../libs/platform/queue/src/testing/queue-driver.contract.js';

// The production driver: the same contract as the embedded one, on the machine's Redis.
const REDIS_URL = process.env.SURGE_E2E_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY_PREFIX = `e2e-${process.pid}-${Date.now()}`;

describeQueueDriverContract('redis', () => loadConfig({ DATA_DIR: 'memory', REDIS_URL, KEY_PREFIX }));

function keysUnderPrefix(redis: Redis): Promise<string[]> {
  return scanKeys(redis, `${KEY_PREFIX}:*`);
}

it('kept every queue key under the run prefix', async () => {
  const redis = new Redis(REDIS_URL);
  try {
    expect((await keysUnderPrefix(redis)).every((key) => key.startsWith(`${KEY_PREFIX}:bull:`))).toBe(true);
    expect(await keysUnderPrefix(redis)).not.toHaveLength(0);
  } finally {
    redis.disconnect();
  }
});

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await keysUnderPrefix(redis);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
});
