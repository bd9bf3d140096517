import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { createConnection, createServer, type Socket } from 'node:net';
import { register, type Counter } from 'prom-client';
import { CacheModule, TieredCache } from '@surge/platform/cache';
import { ConfigModule, loadConfig } from '@surge/platform/config';
import { REDIS, RedisModule } from '@surge/platform/redis';
import { describeTieredCacheContract } from '../../libs/platform/cache/src/testing/tiered-cache.contract.js';
import { scanKeys } from '../support/redis-keys.js';

// TieredCache on the real Redis: the contract the L1-only set-up passes, then what only Redis
// gives: a shared L2, invalidation reaching another replica's L1, and surviving an outage.
const REDIS_URL = process.env.SURGE_E2E_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY_PREFIX = `e2e-cache-${process.pid}-${Date.now()}`;
const HOUR = { ttlMs: 3_600_000 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One replica: its own Nest module, Redis connections and L1, on the shared Redis and prefix. */
async function startReplica(): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig({ DATA_DIR: 'memory', REDIS_URL, KEY_PREFIX })), RedisModule, CacheModule.forRootAsync()],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

/**
 * A replica whose Redis is unreachable. The shared client is built here with RedisModule's options
 * because RedisModule's own factory currently rejects when the first connection attempt fails
 * (`once(redis, 'ready')` rejects on 'error'), see the report.
 */
async function startReplicaWithoutRedis(): Promise<TestingModule> {
  const deadUrl = 'redis://127.0.0.1:1'; // nothing listens there
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig({ DATA_DIR: 'memory', REDIS_URL: deadUrl, KEY_PREFIX })), RedisModule, CacheModule.forRootAsync()],
  })
    .overrideProvider(REDIS)
    .useFactory({
      factory: () => new Redis(deadUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }).on('error', () => undefined),
    })
    .compile();
  await moduleRef.init();
  return moduleRef;
}

/** Calls `probe` every 20 ms until it returns `expected`; fails after `timeoutMs`. Returns the time taken. */
async function eventually<T>(probe: () => Promise<T>, expected: T, timeoutMs = 2000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await probe()) === expected) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`still not ${String(expected)} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

async function l2Errors(): Promise<number> {
  const metric = register.getSingleMetric('surge_cache_l2_errors_total') as Counter | undefined;
  return ((await metric?.get())?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

const redis = new Redis(REDIS_URL, { lazyConnect: true });
let replicaA: TestingModule;
let replicaB: TestingModule;
let a: TieredCache;
let b: TieredCache;

beforeAll(async () => {
  await redis.connect();
  [replicaA, replicaB] = await Promise.all([startReplica(), startReplica()]);
  a = replicaA.get(TieredCache);
  b = replicaB.get(TieredCache);
});

afterAll(async () => {
  await Promise.all([replicaA?.close(), replicaB?.close()]);
  const keys = await scanKeys(redis, `${KEY_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

let n = 0;
describeTieredCacheContract(
  'L1 + Redis',
  () => a,
  (name) => `contract:${name}-${++n}`,
);

describe('TieredCache replicas sharing Redis', () => {
  it('stores values as JSON under the key prefix with a jittered TTL, and serves them to another replica', async () => {
    const loadB = jest.fn(async () => ({ id: 2, name: 'from B' }));
    expect(await a.getOrLoad('product:1', async () => ({ id: 1, name: 'from A' }), { ttlMs: 60_000, jitter: 0.2 })).toEqual({ id: 1, name: 'from A' });
    expect(await redis.get(`${KEY_PREFIX}:product:1`)).toBe('{"id":1,"name":"from A"}');
    const pttl = await redis.pttl(`${KEY_PREFIX}:product:1`);
    expect(pttl).toBeGreaterThan(47_000);
    expect(pttl).toBeLessThanOrEqual(72_000);
    expect(await b.getOrLoad('product:1', loadB, { ttlMs: 60_000 })).toEqual({ id: 1, name: 'from A' });
    expect(loadB).not.toHaveBeenCalled();
  });

  it('caches a null in Redis too, for negativeTtlMs', async () => {
    expect(await a.getOrLoad('product:404', async () => null, { ttlMs: 60_000, negativeTtlMs: 3000, jitter: 0 })).toBeNull();
    expect(await redis.get(`${KEY_PREFIX}:product:404`)).toBe('null');
    expect(await redis.pttl(`${KEY_PREFIX}:product:404`)).toBeLessThanOrEqual(3000);
    const loadB = jest.fn(async () => 'exists');
    expect(await b.getOrLoad('product:404', loadB, { ttlMs: 60_000 })).toBeNull();
    expect(loadB).not.toHaveBeenCalled();
  });

  it('drops a key from the L1 of another replica when one replica invalidates it', async () => {
    const key = 'product:cross-replica';
    expect(await a.getOrLoad(key, async () => 'v1', HOUR)).toBe('v1');
    expect(await b.getOrLoad(key, async () => 'unused', HOUR)).toBe('v1');
    const heldSince = Date.now();

    // With L2 emptied behind their backs, both still answer v1: it is in their L1.
    await redis.del(`${KEY_PREFIX}:${key}`);
    const notCalled = jest.fn(async () => 'v2');
    expect(await a.getOrLoad(key, notCalled, HOUR)).toBe('v1');
    expect(await b.getOrLoad(key, notCalled, HOUR)).toBe('v1');
    expect(notCalled).not.toHaveBeenCalled();
    await redis.set(`${KEY_PREFIX}:${key}`, '"v1"');

    await a.invalidate(key);
    expect(await redis.exists(`${KEY_PREFIX}:${key}`)).toBe(0);
    await eventually(() => b.getOrLoad(key, async () => 'v2', HOUR), 'v2');
    // Well inside the shortest L1 lifetime (5 s - 20%): the message did it, not expiry.
    expect(Date.now() - heldSince).toBeLessThan(4000);
    expect(await a.getOrLoad(key, async () => 'v3', HOUR)).toBe('v2');
  });

  it('lets another replica see a namespace bump at once', async () => {
    const namespace = 'catalog:list';
    expect(await b.namespaceVersion(namespace)).toBe(0);
    expect(await a.namespaceVersion(namespace)).toBe(0);
    const heldSince = Date.now();
    expect(await a.bumpNamespace(namespace)).toBe(1);
    expect(await a.namespaceVersion(namespace)).toBe(1);
    await eventually(() => b.namespaceVersion(namespace), 1);
    expect(Date.now() - heldSince).toBeLessThan(4000);
    expect(await b.bumpNamespace(namespace)).toBe(2);
    await eventually(() => a.namespaceVersion(namespace), 2);
  });

  it('makes one loader call per replica for a burst of misses on both', async () => {
    let calls = 0;
    const loader = async (): Promise<string> => {
      calls++;
      await sleep(50);
      return 'once';
    };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).getOrLoad('product:burst', loader, HOUR)));
    expect(new Set(results)).toEqual(new Set(['once']));
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(2);
  });
});

/** A TCP proxy to the real Redis that the test can cut, to take Redis away from a running replica. */
async function startRedisProxy(): Promise<{ url: string; cut(): Promise<void> }> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  // Below the kernel's ephemeral range (see STACK.md).
  const port = 20_000 + (process.pid % 10_000);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

describe('TieredCache when Redis goes away while running', () => {
  let replicaD: TestingModule;

  afterAll(async () => {
    // RedisModule's shutdown does not stop a shared client that is reconnecting (see the report): stop it first.
    replicaD?.get<Redis>(REDIS).disconnect();
    await replicaD?.close();
  });

  it('keeps answering from L1 and the loader once Redis is cut', async () => {
    const proxy = await startRedisProxy();
    replicaD = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadConfig({ DATA_DIR: 'memory', REDIS_URL: proxy.url, KEY_PREFIX })), RedisModule, CacheModule.forRootAsync()],
    }).compile();
    await replicaD.init();
    const d = replicaD.get(TieredCache);
    expect(await d.getOrLoad('product:late-outage', async () => 'v1', HOUR)).toBe('v1');
    expect(await redis.get(`${KEY_PREFIX}:product:late-outage`)).toBe('"v1"');

    await proxy.cut();
    const started = Date.now();
    expect(await d.getOrLoad('product:late-outage', async () => 'unused', HOUR)).toBe('v1');
    expect(await d.getOrLoad('product:late-other', async () => 'from loader', HOUR)).toBe('from loader');
    await expect(d.invalidate('product:late-outage')).resolves.toBeUndefined();
    expect(await d.getOrLoad('product:late-outage', async () => 'v2', HOUR)).toBe('v2');
    expect(await d.bumpNamespace('late:list')).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('TieredCache during a Redis outage', () => {
  let replicaC: TestingModule;
  let c: TieredCache;

  beforeAll(async () => {
    replicaC = await startReplicaWithoutRedis();
    c = replicaC.get(TieredCache);
  });

  afterAll(async () => {
    await replicaC?.close();
  });

  it('answers from the loader and L1, invalidates and bumps locally, and counts the Redis errors', async () => {
    const errorsBefore = await l2Errors();
    const started = Date.now();
    const loader = jest.fn<() => Promise<string | null>>().mockResolvedValueOnce('first').mockResolvedValue('second');
    expect(await c.getOrLoad('product:outage', loader, HOUR)).toBe('first');
    expect(await c.getOrLoad('product:outage', loader, HOUR)).toBe('first');
    expect(loader).toHaveBeenCalledTimes(1);
    await expect(c.invalidate('product:outage')).resolves.toBeUndefined();
    expect(await c.getOrLoad('product:outage', loader, HOUR)).toBe('second');
    expect(await c.getOrLoad('product:missing', async () => null, HOUR)).toBeNull();
    expect(await c.namespaceVersion('catalog:list')).toBe(0);
    expect(await c.bumpNamespace('catalog:list')).toBe(1);
    expect(await c.namespaceVersion('catalog:list')).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await l2Errors()).toBeGreaterThan(errorsBefore);
  });
});
