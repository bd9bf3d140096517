import { describe, expect, it, jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

// The script itself runs against real Redis in test/e2e/throttler-storage.e2e-spec.ts.
describe('RedisThrottlerStorage', () => {
  it('runs one script over two keys in one cluster slot under the prefix, and converts ms to seconds', async () => {
    const evalMock = jest.fn(async () => [4, 1500, 1, 2001]);
    const storage = new RedisThrottlerStorage({ eval: evalMock } as unknown as Redis, 'run1');
    const record = await storage.increment('abc', 2000, 3, 2000, 'ip');
    expect(record).toEqual({ totalHits: 4, timeToExpire: 2, isBlocked: true, timeToBlockExpire: 3 });
    const args = evalMock.mock.calls[0] as unknown[];
    expect(args.slice(1)).toEqual([2, 'run1:throttle:ip:{abc}:hits', 'run1:throttle:ip:{abc}:block', 2000, 3, 2000]);
  });

  it('blocks for the window length when no block duration is given', async () => {
    const evalMock = jest.fn(async () => [1, 1000, 0, 0]);
    await new RedisThrottlerStorage({ eval: evalMock } as unknown as Redis, 'p').increment('k', 5000, 3, 0, 'email');
    expect((evalMock.mock.calls[0] as unknown[]).at(-1)).toBe(5000);
  });
});
