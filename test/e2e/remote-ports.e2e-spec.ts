import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Module, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import {
  CATALOG_PORT_METHODS,
  CatalogPort,
  domainErrorFromData,
  NotFoundError,
  OutOfStockError,
  ServiceUnavailableError,
  type ProductDto,
  type StockItem,
  type StockReservationDto,
  type StockShortage,
} from '@surge/contracts';
import { ServicePolicy, type ResilienceOptions } from '@surge/platform/resilience';
import {
  createRemotePort,
  exposePort,
  RedisStreamsClient,
  RedisStreamsServer,
  RemoteHandlerError,
  requestStreamKey,
  type PortMethod,
} from '@surge/platform/transport';
import { Redis } from 'ioredis';
import { register } from 'prom-client';
import { scanKeys } from '../support/redis-keys.js';
import { realEnv } from './env.js';

/** A port bound to the transport: CatalogPort served by 2 replicas of a fake, called through a remote binding. */
const env = realEnv('remote-ports');
const REDIS_URL = env.REDIS_URL!;
const RUN = env.KEY_PREFIX!;
let suite = 0;
const freshPrefix = () => `${RUN}-${++suite}`;

const redis = new Redis(REDIS_URL);
const closers: Array<() => Promise<unknown>> = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Policy timeout below the transport's request timeout: a dead service ends as the policy's
// ServiceUnavailableError, and the client forgets the call when the policy aborts it.
const POLICY: Partial<ResilienceOptions> = {
  timeoutMs: 300,
  retries: 1,
  retryInitialDelayMs: 5,
  retryMaxDelayMs: 10,
  breakerThreshold: 3,
  breakerHalfOpenAfterMs: 600,
};
const REQUEST_TIMEOUT_MS = 1000;

const product = (id: number): ProductDto => ({
  id,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  description: '',
  price: { amount: 1999, currency: 'EUR' },
  stock: 3,
  category: { slug: 'misc', name: 'Misc' },
  flashSale: false,
  active: true,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
});

/** What both replicas share (their "database"), and who ran what. */
class CatalogState {
  readonly stock = new Map<number, number>([
    [1, 3],
    [2, 3],
  ]);
  readonly reservations = new Map<string, StockReservationDto>();
  readonly runs: Array<{ replica: string; method: string }> = [];
}

/** In-memory CatalogPort; product 404 is a not-found, product 500 a bug. */
class FakeCatalog extends CatalogPort {
  constructor(
    private readonly replica: string,
    private readonly state: CatalogState,
  ) {
    super();
  }

  async getProducts(ids: number[]): Promise<ProductDto[]> {
    this.state.runs.push({ replica: this.replica, method: 'getProducts' });
    if (ids.includes(404)) throw new NotFoundError('Product 404 does not exist or is not for sale', 'PRODUCT_NOT_FOUND');
    if (ids.includes(500)) throw new Error('relation "products" does not exist (password=hunter2)');
    return ids.filter((id) => this.state.stock.has(id)).map(product);
  }

  async reserveStock(reservationId: string, items: StockItem[]): Promise<StockReservationDto> {
    this.state.runs.push({ replica: this.replica, method: 'reserveStock' });
    const known = this.state.reservations.get(reservationId);
    if (known) return known;
    const shortages: StockShortage[] = items
      .map((i) => ({ productId: i.productId, requested: i.quantity, available: this.state.stock.get(i.productId) ?? 0 }))
      .filter((s) => s.available < s.requested);
    if (shortages.length > 0) throw new OutOfStockError(shortages);
    for (const i of items) this.state.stock.set(i.productId, this.state.stock.get(i.productId)! - i.quantity);
    const reservation: StockReservationDto = { reservationId, status: 'reserved', items };
    this.state.reservations.set(reservationId, reservation);
    return reservation;
  }

  async releaseStock(reservationId: string): Promise<StockReservationDto> {
    this.state.runs.push({ replica: this.replica, method: 'releaseStock' });
    const known = this.state.reservations.get(reservationId);
    if (known?.status === 'released') return known;
    for (const i of known?.items ?? []) this.state.stock.set(i.productId, this.state.stock.get(i.productId)! + i.quantity);
    const released: StockReservationDto = { reservationId, status: 'released', items: known?.items ?? [] };
    this.state.reservations.set(reservationId, released);
    return released;
  }
}

/** One catalog replica: the fake bound to CatalogPort, exposed by the generated controller (no global filter). */
async function catalogReplica(prefix: string, replica: string, state: CatalogState): Promise<INestMicroservice> {
  @Module({
    controllers: [exposePort('catalog', CATALOG_PORT_METHODS, CatalogPort)],
    providers: [{ provide: CatalogPort, useValue: new FakeCatalog(replica, state) }],
  })
  class CatalogServiceModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(CatalogServiceModule as Type, {
    strategy: new RedisStreamsServer({ url: REDIS_URL, keyPrefix: prefix, service: 'catalog', blockMs: 200 }),
    logger: false,
  });
  closers.push(() => app.close());
  await app.listen();
  return app;
}

function remoteCatalog(prefix: string, methods: readonly PortMethod<CatalogPort>[] = CATALOG_PORT_METHODS) {
  const client = new RedisStreamsClient({ url: REDIS_URL, keyPrefix: prefix, requestTimeoutMs: REQUEST_TIMEOUT_MS, errorFactory: domainErrorFromData });
  closers.push(() => client.close());
  const policy = new ServicePolicy('catalog', POLICY);
  return { catalog: createRemotePort<CatalogPort>('catalog', methods, client, policy), client, policy };
}

async function breakerGauge(service: string): Promise<number | undefined> {
  const metric = register.getSingleMetric('surge_breaker_state');
  return (await metric?.get())?.values.find((v) => v.labels.service === service)?.value;
}

const failureOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(
  () => {
    throw new Error('expected the call to fail');
  },
  (error: unknown) => error,
);

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

afterAll(async () => {
  const keys = await scanKeys(redis, `${RUN}-*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('remote ports over the Redis Streams transport', () => {
  it('returns the DTOs from getProducts, with calls spread over both replicas', async () => {
    const prefix = freshPrefix();
    const state = new CatalogState();
    await catalogReplica(prefix, 'a', state);
    await catalogReplica(prefix, 'b', state);
    const { catalog, client } = remoteCatalog(prefix);

    const results = await Promise.all(Array.from({ length: 40 }, () => catalog.getProducts([2, 99, 1])));

    for (const result of results) expect(result).toEqual([product(2), product(1)]);
    expect(state.runs).toHaveLength(40);
    for (const replica of ['a', 'b']) expect(state.runs.filter((r) => r.replica === replica).length).toBeGreaterThanOrEqual(5);
    expect(client.pendingCalls).toBe(0);
  });

  it('reserves and releases stock remotely, and brings OutOfStockError back typed with its shortages', async () => {
    const prefix = freshPrefix();
    const state = new CatalogState();
    await catalogReplica(prefix, 'a', state);
    await catalogReplica(prefix, 'b', state);
    const { catalog, policy } = remoteCatalog(prefix);

    const items = [{ productId: 1, quantity: 2 }];
    expect(await catalog.reserveStock('r-1', items)).toEqual({ reservationId: 'r-1', status: 'reserved', items });
    expect(await catalog.reserveStock('r-1', items)).toEqual({ reservationId: 'r-1', status: 'reserved', items });
    expect(state.stock.get(1)).toBe(1);

    const error = await failureOf(catalog.reserveStock('r-2', [{ productId: 1, quantity: 2 }, { productId: 2, quantity: 1 }, { productId: 7, quantity: 1 }]));
    expect(error).toBeInstanceOf(OutOfStockError);
    expect((error as OutOfStockError).shortages).toEqual([
      { productId: 1, requested: 2, available: 1 },
      { productId: 7, requested: 1, available: 0 },
    ]);
    expect(state.stock.get(2)).toBe(3);

    expect(await catalog.releaseStock('r-1')).toEqual({ reservationId: 'r-1', status: 'released', items });
    expect(state.stock.get(1)).toBe(3);
    // Answers, not failures: neither retried nor counted by the breaker.
    expect(state.runs.filter((r) => r.method === 'reserveStock')).toHaveLength(3);
    expect(policy.state).toBe('closed');
  });

  it('brings NotFoundError back as NotFoundError with its code, without retrying it', async () => {
    const prefix = freshPrefix();
    const state = new CatalogState();
    await catalogReplica(prefix, 'a', state);
    const { catalog, policy } = remoteCatalog(prefix);

    const error = await failureOf(catalog.getProducts([1, 404]));

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).toData()).toEqual({
      kind: 'not_found',
      code: 'PRODUCT_NOT_FOUND',
      message: 'Product 404 does not exist or is not for sale',
    });
    expect(state.runs).toHaveLength(1);
    expect(policy.state).toBe('closed');
  });

  it('turns a non-domain failure in the remote handler into ServiceUnavailableError, retried only when declared idempotent', async () => {
    const prefix = freshPrefix();
    const state = new CatalogState();
    await catalogReplica(prefix, 'a', state);
    await catalogReplica(prefix, 'b', state);
    const { catalog } = remoteCatalog(prefix);

    const error = await failureOf(catalog.getProducts([500]));

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).toData()).toEqual({
      kind: 'unavailable',
      code: 'SERVICE_UNAVAILABLE',
      message: 'The catalog service is unavailable',
      retryAfterSeconds: 1,
    });
    expect((error as Error).cause).toBeInstanceOf(RemoteHandlerError);
    expect(JSON.stringify((error as ServiceUnavailableError).toData())).not.toMatch(/hunter2|relation/);
    expect(state.runs).toHaveLength(1 + POLICY.retries!);

    // The same method declared non-idempotent by the caller runs once.
    const once = remoteCatalog(prefix, [{ name: 'getProducts', idempotent: false }]).catalog;
    state.runs.length = 0;
    expect(await failureOf(once.getProducts([500]))).toBeInstanceOf(ServiceUnavailableError);
    expect(state.runs).toHaveLength(1);
  });

  it('fails with ServiceUnavailableError while no replica runs, opens the breaker after breakerThreshold failures, and recovers after a restart', async () => {
    const prefix = freshPrefix();
    const state = new CatalogState();
    const replicas = [await catalogReplica(prefix, 'a', state), await catalogReplica(prefix, 'b', state)];
    const { catalog, client, policy } = remoteCatalog(prefix);
    expect(await catalog.getProducts([1])).toEqual([product(1)]);
    for (const replica of replicas) await replica.close();
    const stream = requestStreamKey(prefix, 'catalog');

    // 1st call: 2 attempts time out (2 failures); 2nd call: the 3rd failure opens the breaker, its retry is refused.
    for (let call = 0; call < 2; call++) {
      const started = Date.now();
      const error = await failureOf(catalog.getProducts([1]));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as ServiceUnavailableError).kind).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(POLICY.timeoutMs! * 2 + 200);
    }
    expect(policy.state).toBe('open');
    expect(await breakerGauge('catalog')).toBe(2);
    // Aborted attempts are not left waiting in the client.
    expect(client.pendingCalls).toBe(0);
    const reachedRedis = await redis.xlen(stream);
    expect(reachedRedis).toBe(POLICY.breakerThreshold!);

    // Open: rejected at once, nothing sent.
    const started = Date.now();
    const rejected = await failureOf(catalog.reserveStock('r-9', [{ productId: 1, quantity: 1 }]));
    expect(Date.now() - started).toBeLessThan(50);
    expect(rejected).toBeInstanceOf(ServiceUnavailableError);
    expect((rejected as ServiceUnavailableError).message).toBe('The catalog service is temporarily unavailable');
    expect(await redis.xlen(stream)).toBe(reachedRedis);

    // A replica comes back; after breakerHalfOpenAfterMs the next call is the probe and closes the breaker.
    await catalogReplica(prefix, 'c', state);
    await sleep(POLICY.breakerHalfOpenAfterMs!);
    expect(await catalog.getProducts([2])).toEqual([product(2)]);
    expect(policy.state).toBe('closed');
    expect(await breakerGauge('catalog')).toBe(0);
    expect(await catalog.reserveStock('r-10', [{ productId: 2, quantity: 1 }])).toMatchObject({ status: 'reserved' });
    expect(state.runs.filter((r) => r.replica === 'c').length).toBeGreaterThanOrEqual(2);
  });
});
