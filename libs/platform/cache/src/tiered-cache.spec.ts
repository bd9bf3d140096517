import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import { register, type Counter } from 'prom-client';
import { loadConfig } from '@surge/platform/config';
import { TieredCache } from './tiered-cache.js';

// Behaviour shared with the Redis set-up lives in testing/tiered-cache.contract.ts; this file holds
// what needs a fake clock or a fake Redis.
const config = loadConfig({ DATA_DIR: 'memory', KEY_PREFIX: 'unit' });

async function counter(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = register.getSingleMetric(name) as Counter | undefined;
  const values = (await metric?.get())?.values ?? [];
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

/** Fake timers; the faked performance.now() starts at 0, which lru-cache reads as "no start time", so move off it. */
function fakeClock(): void {
  jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'queueMicrotask'] });
  jest.advanceTimersByTime(1000);
}

describe('TieredCache with a fake clock (L1 only)', () => {
  beforeEach(() => {
    fakeClock();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('spreads the expiries of entries written together over ttl +- jitter', async () => {
    const cache = new TieredCache(config);
    const keys = Array.from({ length: 200 }, (_, i) => `product:${i}`);
    for (const key of keys) await cache.getOrLoad(key, async () => 'v1', { ttlMs: 1000, jitter: 0.2 });

    jest.advanceTimersByTime(799);
    const reloads = jest.fn(async () => 'v2');
    for (const key of keys) expect(await cache.getOrLoad(key, reloads, { ttlMs: 1000, jitter: 0.2 })).toBe('v1');
    expect(reloads).not.toHaveBeenCalled();

    // Step 1 ms at a time and note when each entry first needs its loader again.
    const expiry = new Map<string, number>();
    for (let t = 800; t <= 1202 && expiry.size < keys.length; t++) {
      jest.advanceTimersByTime(1);
      for (const key of keys) {
        if (expiry.has(key)) continue;
        let loaded = false;
        await cache.getOrLoad(key, async () => ((loaded = true), 'v2'), { ttlMs: 1_000_000, jitter: 0 });
        if (loaded) expiry.set(key, t);
      }
    }
    const times = [...expiry.values()];
    expect(times).toHaveLength(200);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...times)).toBeLessThanOrEqual(1202);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(300);
    expect(new Set(times).size).toBeGreaterThan(100);
  });

  it('caches null for 5 s (+-20%) by default, then loads again', async () => {
    const cache = new TieredCache(config);
    const loader = jest.fn<() => Promise<string | null>>().mockResolvedValueOnce(null).mockResolvedValue('created');
    expect(await cache.getOrLoad('product:404', loader, { ttlMs: 60_000 })).toBeNull();
    jest.advanceTimersByTime(3999);
    expect(await cache.getOrLoad('product:404', loader, { ttlMs: 60_000 })).toBeNull();
    expect(loader).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(2002);
    expect(await cache.getOrLoad('product:404', loader, { ttlMs: 60_000 })).toBe('created');
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('keeps the full TTL in L1 when there is no Redis to fall back on', async () => {
    const cache = new TieredCache(config);
    const loader = jest.fn(async () => 'v');
    await cache.getOrLoad('k', loader, { ttlMs: 60_000, jitter: 0 });
    jest.advanceTimersByTime(59_000);
    await cache.getOrLoad('k', loader, { ttlMs: 60_000, jitter: 0 });
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('keeps namespace versions without Redis for as long as the process lives', async () => {
    const cache = new TieredCache(config);
    await cache.bumpNamespace('catalog:list');
    jest.advanceTimersByTime(3_600_000);
    expect(await cache.namespaceVersion('catalog:list')).toBe(1);
  });
});

describe('TieredCache metrics', () => {
  it('counts hits and misses per level, and loads by result', async () => {
    const cache = new TieredCache(config);
    const before = {
      l1Hit: await counter('surge_cache_requests_total', { level: 'l1', result: 'hit' }),
      l1Miss: await counter('surge_cache_requests_total', { level: 'l1', result: 'miss' }),
      value: await counter('surge_cache_loads_total', { result: 'value' }),
      null: await counter('surge_cache_loads_total', { result: 'null' }),
      error: await counter('surge_cache_loads_total', { result: 'error' }),
      invalidations: await counter('surge_cache_invalidations_total'),
    };
    await cache.getOrLoad('m:1', async () => 1, { ttlMs: 60_000 });
    await cache.getOrLoad('m:1', async () => 1, { ttlMs: 60_000 });
    await cache.getOrLoad('m:2', async () => null, { ttlMs: 60_000 });
    await cache.getOrLoad('m:3', async () => Promise.reject(new Error('x')), { ttlMs: 60_000 }).catch(() => undefined);
    await cache.invalidate('m:1', 'm:2');
    await cache.bumpNamespace('m');
    expect(await counter('surge_cache_requests_total', { level: 'l1', result: 'hit' })).toBe(before.l1Hit + 1);
    expect(await counter('surge_cache_requests_total', { level: 'l1', result: 'miss' })).toBe(before.l1Miss + 3);
    expect(await counter('surge_cache_loads_total', { result: 'value' })).toBe(before.value + 1);
    expect(await counter('surge_cache_loads_total', { result: 'null' })).toBe(before.null + 1);
    expect(await counter('surge_cache_loads_total', { result: 'error' })).toBe(before.error + 1);
    expect(await counter('surge_cache_invalidations_total')).toBe(before.invalidations + 3);
  });
});

describe('TieredCache with a Redis that does not answer', () => {
  const hanging = (): Promise<never> => new Promise<never>(() => undefined);
  const pipeline = { del: () => pipeline, incr: () => pipeline, publish: () => pipeline, exec: hanging };
  const silentRedis = { status: 'ready', get: jest.fn(hanging), set: jest.fn(hanging), del: jest.fn(hanging), pipeline: () => pipeline } as unknown as Redis;

  it('gives up on Redis after a short timeout and still answers from the loader, L1 and locally', async () => {
    const cache = new TieredCache(config, silentRedis);
    const errorsBefore = await counter('surge_cache_l2_errors_total');
    const started = Date.now();
    expect(await cache.getOrLoad('k', async () => 'from loader', { ttlMs: 60_000 })).toBe('from loader');
    expect(await cache.getOrLoad('k', async () => 'again', { ttlMs: 60_000 })).toBe('from loader');
    await expect(cache.invalidate('k')).resolves.toBeUndefined();
    expect(await cache.getOrLoad('k', async () => 'after invalidate', { ttlMs: 60_000 })).toBe('after invalidate');
    expect(await cache.bumpNamespace('ns')).toBe(1);
    expect(await cache.bumpNamespace('ns')).toBe(2);
    // get+set, del+publish, get+set, two bumps, each bounded by the timeout
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await counter('surge_cache_l2_errors_total')).toBeGreaterThanOrEqual(errorsBefore + 7);
  });

  it('reports a Redis that is not connected as an error without waiting for it', async () => {
    const down = { status: 'reconnecting' } as unknown as Redis;
    const cache = new TieredCache(config, down);
    const started = Date.now();
    expect(await cache.getOrLoad('k', async () => 'v', { ttlMs: 60_000 })).toBe('v');
    expect(await cache.namespaceVersion('ns')).toBe(0);
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('TieredCache L1 lifetime with Redis configured', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('keeps an entry in L1 for at most 5 s (+-jitter) so that a missed invalidation heals', async () => {
    fakeClock();
    const fast = (value: unknown) => jest.fn<(...args: unknown[]) => Promise<unknown>>(async () => value);
    const redis = { status: 'ready', get: fast(null), set: fast('OK'), del: fast(1) };
    const cache = new TieredCache(config, redis as unknown as Redis);
    await cache.getOrLoad('k', async () => 'v', { ttlMs: 60_000, jitter: 0 });
    expect(redis.set).toHaveBeenCalledWith('unit:k', '"v"', 'PX', 60_000);
    redis.get.mockResolvedValue('"from L2"');
    jest.advanceTimersByTime(4999);
    expect(await cache.getOrLoad('k', async () => 'loader', { ttlMs: 60_000, jitter: 0 })).toBe('v');
    jest.advanceTimersByTime(2);
    expect(await cache.getOrLoad('k', async () => 'loader', { ttlMs: 60_000, jitter: 0 })).toBe('from L2');
    expect(redis.get).toHaveBeenLastCalledWith('unit:k');
  });
});
