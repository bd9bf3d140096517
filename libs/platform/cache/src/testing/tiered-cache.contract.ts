import { describe, expect, it, jest } from '@jest/globals';
import type { TieredCache } from '../tiered-cache.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve/reject handles, to hold a loader open. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits until `condition` holds, checking every few ms, for at most `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/**
 * The behaviour every TieredCache set-up must keep (L1 only, L1 + Redis). `cache` is called once
 * per test; `key` gives a key (or namespace) unique to the run.
 */
export function describeTieredCacheContract(label: string, cache: () => TieredCache, key: (name: string) => string): void {
  describe(`TieredCache (${label})`, () => {
    it('loads a missing key once, then serves it without calling the loader', async () => {
      const c = cache();
      const k = key('once');
      const loader = jest.fn(async () => ({ id: 1, name: 'Kettle', tags: ['steel'] }));
      expect(await c.getOrLoad(k, loader, { ttlMs: 60_000 })).toEqual({ id: 1, name: 'Kettle', tags: ['steel'] });
      expect(await c.getOrLoad(k, loader, { ttlMs: 60_000 })).toEqual({ id: 1, name: 'Kettle', tags: ['steel'] });
      expect(loader).toHaveBeenCalledTimes(1);
    });

    it('hands out the JSON form of the value, whichever level served it', async () => {
      const c = cache();
      const k = key('json');
      const value = { at: new Date('2026-11-01T10:00:00.000Z'), gone: undefined, price: 1999 };
      const first = await c.getOrLoad<Record<string, unknown>>(k, async () => value, { ttlMs: 60_000 });
      expect(first).toEqual({ at: '2026-11-01T10:00:00.000Z', price: 1999 });
      expect(await c.getOrLoad(k, async () => null, { ttlMs: 60_000 })).toEqual(first);
    });

    it('makes one loader call for 100 concurrent misses on one key, and gives every caller the value', async () => {
      const c = cache();
      const k = key('stampede');
      const loader = jest.fn(async () => {
        await sleep(30);
        return { id: 7 };
      });
      const results = await Promise.all(Array.from({ length: 100 }, () => c.getOrLoad(k, loader, { ttlMs: 60_000 })));
      expect(loader).toHaveBeenCalledTimes(1);
      expect(results).toHaveLength(100);
      for (const result of results) expect(result).toEqual({ id: 7 });
    });

    it('keeps different keys apart', async () => {
      const c = cache();
      const [a, b] = [key('apart-a'), key('apart-b')];
      const [va, vb] = await Promise.all([c.getOrLoad(a, async () => 'a', { ttlMs: 60_000 }), c.getOrLoad(b, async () => 'b', { ttlMs: 60_000 })]);
      expect([va, vb]).toEqual(['a', 'b']);
      expect(await c.getOrLoad(a, async () => 'other', { ttlMs: 60_000 })).toBe('a');
    });

    it('passes a loader rejection to every waiter, caches nothing, and retries on the next call', async () => {
      const c = cache();
      const k = key('reject');
      const failing = jest.fn(async () => {
        await sleep(20);
        throw new Error('database down');
      });
      const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => c.getOrLoad(k, failing, { ttlMs: 60_000 })));
      expect(failing).toHaveBeenCalledTimes(1);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toEqual(new Error('database down'));
      }
      const retry = jest.fn(async () => 'back');
      expect(await c.getOrLoad(k, retry, { ttlMs: 60_000 })).toBe('back');
      expect(retry).toHaveBeenCalledTimes(1);
    });

    it('caches a null result for negativeTtlMs, then asks the loader again', async () => {
      const c = cache();
      const k = key('negative');
      const loader = jest.fn<() => Promise<string | null>>().mockResolvedValueOnce(null).mockResolvedValue('created');
      const options = { ttlMs: 60_000, negativeTtlMs: 200, jitter: 0 };
      expect(await c.getOrLoad(k, loader, options)).toBeNull();
      expect(await c.getOrLoad(k, loader, options)).toBeNull();
      expect(loader).toHaveBeenCalledTimes(1);
      await sleep(350);
      expect(await c.getOrLoad(k, loader, options)).toBe('created');
      expect(loader).toHaveBeenCalledTimes(2);
    });

    it('expires a value after ttlMs', async () => {
      const c = cache();
      const k = key('ttl');
      const loader = jest.fn<() => Promise<number>>().mockResolvedValueOnce(1).mockResolvedValue(2);
      const options = { ttlMs: 200, jitter: 0 };
      expect(await c.getOrLoad(k, loader, options)).toBe(1);
      await sleep(350);
      expect(await c.getOrLoad(k, loader, options)).toBe(2);
    });

    it('drops invalidated keys, so the next call loads afresh', async () => {
      const c = cache();
      const [a, b, kept] = [key('inv-a'), key('inv-b'), key('inv-kept')];
      for (const k of [a, b, kept]) await c.getOrLoad(k, async () => 'old', { ttlMs: 60_000 });
      await c.invalidate(a, b);
      expect(await c.getOrLoad(a, async () => 'new', { ttlMs: 60_000 })).toBe('new');
      expect(await c.getOrLoad(b, async () => 'new', { ttlMs: 60_000 })).toBe('new');
      expect(await c.getOrLoad(kept, async () => 'new', { ttlMs: 60_000 })).toBe('old');
      await expect(c.invalidate()).resolves.toBeUndefined();
      await expect(c.invalidate(key('never-cached'))).resolves.toBeUndefined();
    });

    it('does not keep a value whose load was overtaken by an invalidation', async () => {
      const c = cache();
      const k = key('inv-during-load');
      const slow = deferred<string>();
      const started = jest.fn();
      const pending = c.getOrLoad(
        k,
        () => {
          started();
          return slow.promise;
        },
        { ttlMs: 60_000 },
      );
      await until(() => started.mock.calls.length > 0);
      await c.invalidate(k);
      slow.resolve('read before the write');
      expect(await pending).toBe('read before the write');
      expect(await c.getOrLoad(k, async () => 'after the write', { ttlMs: 60_000 })).toBe('after the write');
    });

    it('numbers namespace versions from 0, one step per bump, each namespace on its own', async () => {
      const c = cache();
      const [ns, other] = [key('ns'), key('ns-other')];
      expect(await c.namespaceVersion(ns)).toBe(0);
      expect(await c.bumpNamespace(ns)).toBe(1);
      expect(await c.namespaceVersion(ns)).toBe(1);
      expect(await c.bumpNamespace(ns)).toBe(2);
      expect(await c.namespaceVersion(ns)).toBe(2);
      expect(await c.namespaceVersion(other)).toBe(0);
    });

    it('serves version-keyed entries afresh after a bump', async () => {
      const c = cache();
      const ns = key('list');
      const page = async (): Promise<string | null> =>
        c.getOrLoad(`${ns}:v${await c.namespaceVersion(ns)}:page1`, async () => `page at v${await c.namespaceVersion(ns)}`, { ttlMs: 60_000 });
      expect(await page()).toBe('page at v0');
      expect(await page()).toBe('page at v0');
      await c.bumpNamespace(ns);
      expect(await page()).toBe('page at v1');
    });
  });
}
