import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Module, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { DomainError, OutOfStockError, type DomainErrorData, type StockShortage } from '@surge/contracts';
import {
  DomainErrorRpcFilter,
  RedisStreamsClient,
  RedisStreamsContext,
  RedisStreamsServer,
  RemoteHandlerError,
  TransportClosedError,
  TransportDiscovery,
  TransportTimeoutError,
  requestStreamKey,
  type RedisStreamsClientOptions,
  type RedisStreamsServerOptions,
} from '@surge/platform/transport';
import { Redis } from 'ioredis';
import { AsyncLocalStorage } from 'node:async_hooks';
import { register } from 'prom-client';
import { firstValueFrom, lastValueFrom, of } from 'rxjs';
import { scanKeys } from '../support/redis-keys.js';

/** The Redis Streams transport against the machine's Redis: competing replicas, claims, deadlines. */
const REDIS_URL = process.env.SURGE_E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `${process.env.SURGE_E2E_RUN ?? `e2e-${process.pid}-${Date.now()}`}-transport`;
let suite = 0;
const freshPrefix = () => `${RUN}-${++suite}`;

const redis = new Redis(REDIS_URL);
const closers: Array<() => Promise<unknown>> = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

function client(prefix: string, options: Partial<RedisStreamsClientOptions> = {}): RedisStreamsClient {
  const c = new RedisStreamsClient({ url: REDIS_URL, keyPrefix: prefix, ...options });
  closers.push(() => c.close());
  return c;
}

/** A bare server with handlers added by hand (no Nest application around it). */
async function server(
  prefix: string,
  options: Partial<RedisStreamsServerOptions> & { service: string },
  handlers: Record<string, (data: any, ctx: RedisStreamsContext) => unknown>,
): Promise<RedisStreamsServer> {
  const s = new RedisStreamsServer({ url: REDIS_URL, keyPrefix: prefix, ...options });
  for (const [pattern, handler] of Object.entries(handlers)) s.addHandler(pattern, async (data, ctx) => handler(data, ctx));
  closers.push(() => s.close());
  await new Promise<void>((resolve, reject) => s.listen((error?: unknown) => (error ? reject(error) : resolve())));
  return s;
}

/** A Nest microservice on the transport, with the filter that lets domain errors cross. */
async function nestApp(module: Type, options: RedisStreamsServerOptions): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    strategy: new RedisStreamsServer(options),
    logger: false,
  });
  app.useGlobalFilters(new DomainErrorRpcFilter());
  closers.push(() => app.close());
  await app.listen();
  return app;
}

type Handled = { replica: string; n: number; requestId?: string };

/** One replica's module; `handled` records which replica ran what. */
function svcModule(replica: string, handled: Handled[]): Type {
  @Controller()
  class SvcController {
    @MessagePattern('svc.echo')
    async echo(@Payload() data: { n: number; from?: string }, @Ctx() ctx: RedisStreamsContext) {
      const requestId = ctx.getHeaders()['x-request-id'];
      handled.push({ replica, n: data.n, requestId });
      await sleep(2); // a little work, so replicas overlap
      return { ...data, replica, requestId, trace: ctx.getHeaders()['x-trace'] };
    }

    @MessagePattern('svc.fail')
    fail(@Payload() data: { domain: boolean }) {
      if (data.domain) throw new OutOfStockError([{ productId: 3, requested: 5, available: 1 }]);
      throw new Error('db password=hunter2 in /srv/catalog.ts');
    }

    @MessagePattern('svc.stream')
    stream() {
      return of(1, 2, 3);
    }
  }
  @Module({ controllers: [SvcController] })
  class SvcModule {}
  return SvcModule;
}

function subscriberModule(service: string, replica: string, seen: Array<{ service: string; replica: string; n: number }>): Type {
  @Controller()
  class SubscriberController {
    @EventPattern('orders.placed')
    placed(@Payload() data: { n: number }) {
      seen.push({ service, replica, n: data.n });
    }
  }
  @Module({ controllers: [SubscriberController] })
  class SubscriberModule {}
  return SubscriberModule;
}

async function requestCounter(service: string, outcome: string): Promise<number> {
  const metric = register.getSingleMetric('surge_transport_requests_total');
  if (!metric) return 0;
  const values = (await metric.get()).values.filter((v) => v.labels.service === service && v.labels.outcome === outcome);
  return values.reduce((sum, v) => sum + v.value, 0);
}

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

afterAll(async () => {
  const keys = await scanKeys(redis, `${RUN}-*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('Redis Streams transport', () => {
  it('hands each of 300 requests to exactly one of 3 replicas, each taking a fair share', async () => {
    const prefix = freshPrefix();
    const handled: Handled[] = [];
    for (const replica of ['a', 'b', 'c']) await nestApp(svcModule(replica, handled), { url: REDIS_URL, keyPrefix: prefix, service: 'svc' });
    const c = client(prefix);
    const replies = await Promise.all(Array.from({ length: 300 }, (_, n) => firstValueFrom(c.send('svc.echo', { n }))));

    expect(replies.map((r) => r.n)).toEqual(Array.from({ length: 300 }, (_, n) => n));
    expect(handled).toHaveLength(300);
    expect(new Set(handled.map((h) => h.n)).size).toBe(300);
    for (const replica of ['a', 'b', 'c']) expect(handled.filter((h) => h.replica === replica).length).toBeGreaterThanOrEqual(45);
    // Every request was acked and deleted with its reply.
    expect(await redis.xlen(requestStreamKey(prefix, 'svc'))).toBe(0);
    expect((await redis.xpending(requestStreamKey(prefix, 'svc'), 'svc'))[0]).toBe(0);
  });

  it('returns each reply only to the client that asked, with an Observable handler giving its last value', async () => {
    const prefix = freshPrefix();
    await nestApp(svcModule('a', []), { url: REDIS_URL, keyPrefix: prefix, service: 'svc' });
    await nestApp(svcModule('b', []), { url: REDIS_URL, keyPrefix: prefix, service: 'svc' });
    const [x, y] = [client(prefix), client(prefix)];
    const ask = (c: RedisStreamsClient, from: string) =>
      Promise.all(Array.from({ length: 60 }, (_, n) => firstValueFrom(c.send('svc.echo', { n, from }))));
    const [fromX, fromY] = await Promise.all([ask(x, 'x'), ask(y, 'y')]);

    expect(fromX.every((r, n) => r.from === 'x' && r.n === n)).toBe(true);
    expect(fromY.every((r, n) => r.from === 'y' && r.n === n)).toBe(true);
    expect([x.pendingCalls, y.pendingCalls]).toEqual([0, 0]);
    expect(await redis.llen(x.replyKey)).toBe(0);
    expect(await lastValueFrom(x.send('svc.stream', {}))).toBe(3);
  });

  it('carries headers from the caller (header provider and dispatch-hook metadata) to the handler', async () => {
    const prefix = freshPrefix();
    await nestApp(svcModule('a', []), { url: REDIS_URL, keyPrefix: prefix, service: 'svc' });
    const requestIds = new AsyncLocalStorage<string>();
    const c = client(prefix, { headers: () => ({ 'x-request-id': requestIds.getStore() ?? 'none' }) });
    c.setOnDispatchHook((packet) => (packet.metadata = { 'x-trace': 't-1' }));

    const reply = await requestIds.run('req-42', () => firstValueFrom(c.send('svc.echo', { n: 1 })));
    expect(reply).toMatchObject({ requestId: 'req-42', trace: 't-1' });
    expect((await firstValueFrom(c.send('svc.echo', { n: 2 }))).requestId).toBe('none');
  });

  it('brings domain errors back typed, and other failures back as a generic error', async () => {
    const prefix = freshPrefix();
    await nestApp(svcModule('a', []), { url: REDIS_URL, keyPrefix: prefix, service: 'svc' });
    const plain = client(prefix);
    const registry = (data: DomainErrorData) =>
      data.code === 'OUT_OF_STOCK' ? new OutOfStockError(data.details?.items as StockShortage[]) : DomainError.fromData(data);
    const typed = client(prefix, { errorFactory: registry });
    const expected = new OutOfStockError([{ productId: 3, requested: 5, available: 1 }]).toData();

    const domain = await firstValueFrom(plain.send('svc.fail', { domain: true })).catch((e: unknown) => e);
    expect(domain).toBeInstanceOf(DomainError);
    expect((domain as DomainError).toData()).toEqual(expected);
    const sub = await firstValueFrom(typed.send('svc.fail', { domain: true })).catch((e: unknown) => e);
    expect(sub).toBeInstanceOf(OutOfStockError);
    expect((sub as OutOfStockError).toData()).toEqual(expected);

    const internal = await firstValueFrom(plain.send('svc.fail', { domain: false })).catch((e: unknown) => e);
    expect(internal).toBeInstanceOf(RemoteHandlerError);
    expect(internal).not.toBeInstanceOf(DomainError);
    expect(`${(internal as Error).message} ${(internal as Error).stack}`).not.toMatch(/hunter2|catalog\.ts/);

    const missing = await firstValueFrom(plain.send('svc.nothing', {})).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'RemoteHandlerError', reason: 'no_handler' });
  });

  it('drops a request whose deadline passed before any replica read it, and the caller timed out', async () => {
    const prefix = freshPrefix();
    const c = client(prefix, { requestTimeoutMs: 300 });
    const started = Date.now();
    const error = await firstValueFrom(c.send('late.echo', { n: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(c.pendingCalls).toBe(0);

    const expiredBefore = await requestCounter('late', 'expired');
    let runs = 0;
    await server(prefix, { service: 'late' }, { 'late.echo': () => ++runs });
    await until(async () => (await redis.xlen(requestStreamKey(prefix, 'late'))) === 0);
    expect(runs).toBe(0);
    expect(await requestCounter('late', 'expired')).toBe(expiredBefore + 1);
  });

  it('lets another replica claim a request left by a replica that crashed after reading it', async () => {
    const prefix = freshPrefix();
    const stream = requestStreamKey(prefix, 'claim');
    const c = client(prefix, { requestTimeoutMs: 5000 });
    const reply = firstValueFrom(c.send('claim.echo', { n: 7 }));
    // The crashed replica: reads the request and is never heard of again.
    await redis.xgroup('CREATE', stream, 'claim', '0', 'MKSTREAM');
    await until(async () => (await redis.xlen(stream)) === 1);
    await redis.call('XREADGROUP', 'GROUP', 'claim', 'crashed', 'COUNT', 1, 'STREAMS', stream, '>');

    const runs: number[] = [];
    await server(prefix, { service: 'claim', claimIdleMs: 300 }, { 'claim.echo': (data: { n: number }) => (runs.push(data.n), data.n * 2) });
    expect(await reply).toBe(14);
    expect(runs).toEqual([7]);
    expect((await redis.xpending(stream, 'claim'))[0]).toBe(0);
  });

  it('does not take work from a live replica with a slow handler, but does once that replica shuts down', async () => {
    const prefix = freshPrefix();
    const c = client(prefix, { requestTimeoutMs: 6000 });
    const runs: string[] = [];
    const common = { service: 'slow', claimIdleMs: 300 };
    // Both slots busy: replica a reads nothing more, so only its refresh keeps its entries its own.
    const a = await server(prefix, { ...common, concurrency: 2, shutdownTimeoutMs: 200 }, { 'slow.work': () => (runs.push('a'), new Promise(() => undefined)) });
    const replies = Promise.all([1, 2].map(() => firstValueFrom(c.send('slow.work', {}))));
    await until(() => runs.length === 2);
    await server(prefix, common, { 'slow.work': () => (runs.push('b'), 'done by b') });
    await sleep(1000); // > 3 × claimIdleMs: the live replica keeps re-claiming its own entries
    expect(runs).toEqual(['a', 'a']);

    await a.close(); // gives up on its hanging handlers after 200 ms and leaves the entries pending
    expect(await replies).toEqual(['done by b', 'done by b']);
    expect(runs).toEqual(['a', 'a', 'b', 'b']);
  });

  it('finishes in-flight work on close, and a closing client rejects its waiting calls as retryable', async () => {
    const prefix = freshPrefix();
    const stream = requestStreamKey(prefix, 'drain');
    const s = await server(prefix, { service: 'drain' }, { 'drain.work': () => sleep(300).then(() => 'finished') });
    const c = client(prefix);
    const reply = firstValueFrom(c.send('drain.work', {}));
    await until(async () => (await redis.xpending(stream, 'drain'))[0] === 1);
    await s.close();
    expect(await reply).toBe('finished');
    expect(await redis.xlen(stream)).toBe(0);
    expect(await redis.xinfo('CONSUMERS', stream, 'drain')).toEqual([]); // a clean exit leaves no consumer

    const waiting = firstValueFrom(c.send('drain.work', {})).catch((e: unknown) => e);
    await until(() => c.pendingCalls === 1);
    await c.close();
    const error = await waiting;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as DomainError).toData()).toMatchObject({ kind: 'unavailable', code: 'TRANSPORT_CLOSED' });
    expect(c.pendingCalls).toBe(0);
  });

  it('delivers each event once to each subscribing service, also to one that was down meanwhile', async () => {
    const prefix = freshPrefix();
    const seen: Array<{ service: string; replica: string; n: number }> = [];
    const apps: Record<string, INestMicroservice[]> = { billing: [], mail: [] };
    const start = async (service: string, replica: string) =>
      apps[service]!.push(await nestApp(subscriberModule(service, replica, seen), { url: REDIS_URL, keyPrefix: prefix, service }));
    for (const service of ['billing', 'mail']) for (const replica of ['1', '2']) await start(service, replica);
    const c = client(prefix);
    const emit = (n: number) => lastValueFrom(c.emit('orders.placed', { n }), { defaultValue: undefined });
    const count = (service: string) => seen.filter((s) => s.service === service).length;
    for (let n = 0; n < 40; n++) await emit(n);
    await until(() => seen.length >= 80);

    // mail is down while 10 more go out: billing's acks must not take them from mail's group.
    for (const app of apps.mail!) await app.close();
    for (let n = 40; n < 50; n++) await emit(n);
    await until(() => count('billing') >= 50);
    await start('mail', '3');
    await until(() => count('mail') >= 50);
    await sleep(300); // room for a duplicate to show up

    for (const service of ['billing', 'mail']) {
      const ns = seen.filter((s) => s.service === service).map((s) => s.n);
      expect(ns.sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    }
    expect(seen).toHaveLength(100);
  });

  it('keeps request and event streams bounded', async () => {
    const prefix = freshPrefix();
    const c = client(prefix, { maxStreamLength: 100, requestTimeoutMs: 200 });
    await Promise.all(Array.from({ length: 600 }, (_, n) => lastValueFrom(c.emit('bulk.happened', { n }), { defaultValue: undefined })));
    // `MAXLEN ~` trims whole nodes (100 entries by default): bounded, not exact.
    expect(await redis.xlen(`${prefix}:events:bulk.happened`)).toBeLessThanOrEqual(200);
    // Requests nobody serves pile up only to the same bound (and all time out).
    const results = await Promise.allSettled(Array.from({ length: 600 }, (_, n) => firstValueFrom(c.send('nobody.home', { n }))));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof TransportTimeoutError)).toBe(true);
    expect(await redis.xlen(requestStreamKey(prefix, 'nobody'))).toBeLessThanOrEqual(200);
  });

  it('reports live consumers, drops a closed replica at once and a crashed one after housekeeping', async () => {
    const prefix = freshPrefix();
    const options = { service: 'disc', blockMs: 300, claimIdleMs: 300, consumerExpiryMs: 1500, housekeepingIntervalMs: 200 };
    const a = await server(prefix, options, { 'disc.ping': () => 'pong' });
    const b = await server(prefix, options, { 'disc.ping': () => 'pong' });
    const discovery = new TransportDiscovery({ redis, keyPrefix: prefix, liveThresholdMs: 700 });
    // A replica that read once and died without a goodbye.
    await redis.call('XGROUP', 'CREATECONSUMER', requestStreamKey(prefix, 'disc'), 'disc', 'crashed');

    expect((await discovery.consumers('disc')).map((c) => c.name).sort()).toEqual([a.consumerName, b.consumerName, 'crashed'].sort());
    await sleep(900); // servers heartbeat every 75 ms (claimIdleMs / 4); the crashed one only ages
    const statuses = await discovery.consumers('disc');
    expect(statuses.filter((c) => c.live).map((c) => c.name).sort()).toEqual([a.consumerName, b.consumerName].sort());
    expect(statuses.find((c) => c.name === 'crashed')).toMatchObject({ live: false, pending: 0 });
    expect(await discovery.liveConsumers('disc')).toBe(2);

    await until(async () => !(await discovery.consumers('disc')).some((c) => c.name === 'crashed'), 3000);
    await b.close();
    expect((await discovery.consumers('disc')).map((c) => c.name)).toEqual([a.consumerName]);
    expect(await discovery.liveConsumers('disc')).toBe(1);
    await discovery.close(); // borrowed connection: stays open
    expect(redis.status).toBe('ready');
  });
});
