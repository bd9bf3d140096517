import { describe, expect, it } from '@jest/globals';
import type { ThrottlerStorage } from '@nestjs/throttler';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The rules every ThrottlerStorage driver must keep (in-process and Redis). `storage` is called
 * once per test; `key` gives a key unique to the run.
 */
export function describeThrottlerStorageContract(label: string, storage: () => ThrottlerStorage, key: (name: string) => string): void {
  describe(`throttler storage (${label})`, () => {
    it('counts hits in a window and blocks the one past the limit, with the time left', async () => {
      const s = storage();
      const k = key('count');
      for (let i = 1; i <= 3; i++) {
        const r = await s.increment(k, 60_000, 3, 30_000, 'ip');
        expect(r).toMatchObject({ totalHits: i, isBlocked: false });
        expect(r.timeToExpire).toBeGreaterThan(55);
        expect(r.timeToExpire).toBeLessThanOrEqual(60);
      }
      const blocked = await s.increment(k, 60_000, 3, 30_000, 'ip');
      expect(blocked.isBlocked).toBe(true);
      expect(blocked.timeToBlockExpire).toBeGreaterThan(25);
      expect(blocked.timeToBlockExpire).toBeLessThanOrEqual(30);
      expect((await s.increment(k, 60_000, 3, 30_000, 'ip')).isBlocked).toBe(true);
    });

    it('keeps keys and throttler names apart', async () => {
      const s = storage();
      const a = key('a');
      await s.increment(a, 60_000, 1, 60_000, 'ip');
      expect((await s.increment(a, 60_000, 1, 60_000, 'ip')).isBlocked).toBe(true);
      expect((await s.increment(key('b'), 60_000, 1, 60_000, 'ip')).isBlocked).toBe(false);
      expect((await s.increment(a, 60_000, 1, 60_000, 'email')).isBlocked).toBe(false);
    });

    it('lets requests through again once the block has passed, counting afresh', async () => {
      const s = storage();
      const k = key('reset');
      await s.increment(k, 400, 1, 400, 'ip');
      expect((await s.increment(k, 400, 1, 400, 'ip')).isBlocked).toBe(true);
      await sleep(900);
      const after = await s.increment(k, 400, 1, 400, 'ip');
      expect(after).toMatchObject({ isBlocked: false, totalHits: 1 });
    });

    it('counts concurrent hits exactly', async () => {
      const s = storage();
      const k = key('race');
      const results = await Promise.all(Array.from({ length: 20 }, () => s.increment(k, 60_000, 10, 60_000, 'ip')));
      expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
      expect(results.filter((r) => r.isBlocked)).toHaveLength(10);
    });
  });
}
