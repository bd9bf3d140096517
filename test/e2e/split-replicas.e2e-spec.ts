import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { requestStreamKey } from '@surge/platform/transport';
import { AppProcess, counterValue, SplitCluster } from '../support/split-cluster.js';
import { JWT_SECRET, PASSWORD } from '../support/users-client.js';
import { realEnv } from './env.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

const ADMIN = { email: `admin-${randomUUID().slice(0, 8)}@surge.test`, password: 'Admin-pass-2026' };

async function call(base: AppProcess, method: string, path: string, opts: { token?: string; body?: object; headers?: Record<string, string> } = {}): Promise<Reply> {
  const res = await fetch(`${base.url}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body ? JSON.stringify(opts.body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : {} };
}

/** What a well-behaved client does: same key again after a 503, an in-progress 409 or a dropped connection. */
function isRetryable(reply: Reply | Error): boolean {
  if (reply instanceof Error) return true;
  return reply.status === 503 || (reply.status === 409 && reply.body.code === 'IDEMPOTENCY_KEY_IN_PROGRESS');
}

interface Placement {
  key: string;
  final: Reply;
  /** Status of every attempt that was not final (all of them retryable by construction). */
  retried: Array<number | string>;
}

async function placeUntilAnswered(gateway: AppProcess, token: string, productId: number): Promise<Placement> {
  const key = randomUUID();
  const retried: Array<number | string> = [];
  const deadline = Date.now() + 90_000;
  for (;;) {
    const reply = await call(gateway, 'POST', '/orders', { token, headers: { 'idempotency-key': key }, body: { items: [{ productId, quantity: 1 }] } }).catch(
      (error: Error) => error,
    );
    if (!isRetryable(reply) || Date.now() > deadline) {
      if (reply instanceof Error) throw reply;
      return { key, final: reply, retried };
    }
    retried.push(reply instanceof Error ? reply.name : reply.status);
    const after = reply instanceof Error ? 0.2 : Number(reply.headers.get('retry-after') ?? 1);
    await new Promise((r) => setTimeout(r, Math.min(after, 2) * 1000 * (0.5 + Math.random() / 2)));
  }
}

/** Runs `count` placements, `concurrency` at a time, spread over the buyers; `onProgress` sees each completion. */
async function load(gateway: AppProcess, buyers: string[], productId: number, count: number, concurrency: number, onProgress?: (done: number) => void) {
  const results: Placement[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        results.push(await placeUntilAnswered(gateway, buyers[n % buyers.length]!, productId));
        onProgress?.(results.length);
      }
    }),
  );
  return results;
}

describe('split topology with replicas (processes)', () => {
  const env: Record<string, string> = {
    ...realEnv('split-replicas'),
    JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    AUTH_IP_RATE_LIMIT: '1000/60',
    // A replica that dies leaves its pending requests to the others after 3 s. (Shorter, and a
    // replica the loaded test machine starves for that long looks dead while it still works.)
    TRANSPORT_CLAIM_IDLE_MS: '3000',
    BREAKER_HALF_OPEN_AFTER_MS: '1000',
    FULFILMENT_STEP_DELAY_MS: '600000',
  };
  const cluster = new SplitCluster(env);
  const shards = env.ORDERS_SHARD_URLS!.split(',').map((url) => new pg.Pool({ connectionString: url, max: 2 }));
  const catalogDb = new pg.Pool({ connectionString: env.CATALOG_DATABASE_URL, max: 1 });
  let gateway: AppProcess;
  let orders: AppProcess[];
  let admin = '';
  const buyers: string[] = [];
  const buyerIds: string[] = [];

  async function product(stock: number): Promise<number> {
    const res = await call(gateway, 'POST', '/admin/products', {
      token: admin,
      body: { sku: `REP-${randomUUID().slice(0, 12)}`, name: 'Replicated thing', price: { amount: 500, currency: 'USD' }, stock, category: 'replicas' },
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  }

  async function ordersOf(userIds: string[]): Promise<string[]> {
    const rows = await Promise.all(shards.map((s) => s.query<{ id: string }>('SELECT id::text AS id FROM orders WHERE user_id = ANY($1)', [userIds])));
    return rows.flatMap((r) => r.rows.map((row) => row.id));
  }

  const handledBy = async (proc: AppProcess) => counterValue(await proc.metrics(), 'surge_transport_requests_total', { pattern: 'orders.placeOrder' });

  beforeAll(async () => {
    cluster.migrate();
    await cluster.start('catalog');
    await cluster.start('users');
    orders = [];
    for (const n of [1, 2, 3]) orders.push(await cluster.start('orders', `orders-${n}`, n > 1 ? { SEED_DEMO_DATA: 'false' } : {}));
    gateway = await cluster.start('gateway');
    await cluster.waitFor('three live orders replicas', async () => (await cluster.liveReplicas(gateway)).orders === 3);

    const login = await call(gateway, 'POST', '/auth/login', { body: ADMIN });
    expect(login.status).toBe(200);
    admin = login.body.accessToken as string;
    const category = await call(gateway, 'POST', '/admin/categories', { token: admin, body: { slug: 'replicas', name: 'Replicas' } });
    expect([201, 409]).toContain(category.status);
    for (let i = 0; i < 8; i++) {
      const reg = await call(gateway, 'POST', '/auth/register', { body: { email: `buyer-${i}-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD, name: 'Buyer' } });
      expect(reg.status).toBe(201);
      buyers.push(reg.body.accessToken as string);
      buyerIds.push(reg.body.user.id as string);
    }
  }, 180_000);

  afterAll(async () => {
    await cluster.stopAll();
    await Promise.all([...shards, catalogDb].map((p) => p.end()));
  }, 60_000);

  it('places 1,000 orders over three orders replicas: 1,000 orders, each request handled once, a fair share each', async () => {
    const productId = await product(5000);
    const results = await load(gateway, buyers, productId, 1000, 32);

    expect(results.filter((r) => r.final.status !== 201).map((r) => [r.final.status, r.final.body.code])).toEqual([]);
    const ids = results.map((r) => r.final.body.id as string);
    expect(new Set(ids).size).toBe(1000);
    expect((await ordersOf(buyerIds)).sort()).toEqual([...ids].sort());
    const [{ stock }] = (await catalogDb.query('SELECT stock FROM products WHERE id = $1', [productId])).rows;
    expect(stock).toBe(4000);

    // Every request the gateway sent (retries of timed-out attempts included) was read by exactly
    // one replica, once: counted when the replicas have nothing left in flight.
    const idle = async () => (await Promise.all(orders.map(async (p) => counterValue(await p.metrics(), 'surge_transport_in_flight', {})))).every((n) => n === 0);
    await cluster.waitFor('the orders replicas to finish what they hold', idle, undefined, 30_000);
    const handled = await Promise.all(orders.map(handledBy));
    const gatewayMetrics = await gateway.metrics();
    // One sample per request sent, whatever became of it (abandoned: the policy's timeout gave up first).
    const sent = counterValue(gatewayMetrics, 'surge_transport_client_duration_seconds_count', { pattern: 'orders.placeOrder' });
    const claimed = (await Promise.all(orders.map(async (p) => counterValue(await p.metrics(), 'surge_transport_claimed_total', {})))).reduce((a, b) => a + b, 0);
    const retries = counterValue(gatewayMetrics, 'surge_remote_call_retries_total', { service: 'orders' });
    process.stdout.write(
      `placeOrder handled per replica: ${handled.join(' / ')} (gateway sent ${sent}, gateway retries ${retries}, claimed ${claimed}, client retries ${results.reduce((a, r) => a + r.retried.length, 0)})\n`,
    );
    expect(claimed).toBe(0); // no replica took over another's request: none ran twice
    expect(handled.reduce((a, b) => a + b, 0)).toBe(sent);
    expect(sent).toBeGreaterThanOrEqual(1000);
    // An even share is a third; each replica handles at least half of that.
    for (const n of handled) expect(n).toBeGreaterThan(sent / 6);
  }, 240_000);

  it('loses and duplicates nothing when a replica is killed -9 in the middle of a load', async () => {
    const productId = await product(2000);
    const victim = orders[0]!;
    let killed: Promise<void> | undefined;
    const results = await load(gateway, buyers, productId, 600, 32, (done) => {
      if (done === 150 && !killed) killed = victim.crash();
    });
    await killed;
    expect(victim.running).toBe(false);

    // Callers saw success in the end, and before that only retryable answers.
    expect(results.filter((r) => r.final.status !== 201).map((r) => [r.final.status, r.final.body.code])).toEqual([]);
    const retried = results.flatMap((r) => r.retried);
    for (const status of retried) expect([503, 409, 'TypeError', 'AbortError', 'TimeoutError']).toContain(status);

    // One order per accepted request: none lost, none twice.
    const ids = results.map((r) => r.final.body.id as string);
    expect(new Set(ids).size).toBe(600);
    const mine = new Set(ids);
    const all = await ordersOf(buyerIds);
    expect(all.filter((id) => mine.has(id)).length).toBe(600);
    expect(all.length).toBe(1600); // the 1,000 of the test before and these 600, nothing else

    // Stock a dead replica had taken for a request that was then answered elsewhere comes back
    // once its claim expires (the sweeper): in the end exactly the ordered units are gone.
    await cluster.waitFor(
      'the stock of abandoned attempts to come back',
      async () => (await catalogDb.query('SELECT stock FROM products WHERE id = $1', [productId])).rows[0].stock === 1400,
      undefined,
      90_000,
    );
    process.stdout.write(`kill -9: ${retried.length} retryable answers before success (${[...new Set(retried)].join(', ')})\n`);
  }, 300_000);
});

describe('a service that is down (processes)', () => {
  const env: Record<string, string> = { ...realEnv('split-breaker'), JWT_SECRET, REMOTE_TIMEOUT_MS: '300', BREAKER_HALF_OPEN_AFTER_MS: '3000' };
  const cluster = new SplitCluster(env);
  const redis = new Redis(env.REDIS_URL!);
  let gateway: AppProcess;
  let catalog: AppProcess;

  beforeAll(async () => {
    cluster.migrate();
    catalog = await cluster.start('catalog');
    await cluster.start('users', 'users', { SEED_DEMO_DATA: 'false' });
    await cluster.start('orders', 'orders', { SEED_DEMO_DATA: 'false' });
    gateway = await cluster.start('gateway');
    await cluster.waitFor('a live catalog replica', async () => (await cluster.liveReplicas(gateway)).catalog === 1);
  }, 120_000);

  afterAll(async () => {
    await cluster.stopAll();
    redis.disconnect();
  }, 60_000);

  const OPEN = 2; // surge_breaker_state: 0 closed, 1 half-open, 2 open
  const breaker = async () => counterValue(await gateway.metrics(), 'surge_breaker_state', { service: 'catalog' });
  const rejected = async () =>
    counterValue(await gateway.metrics(), 'surge_remote_call_duration_seconds_count', { service: 'catalog', outcome: 'rejected' });

  it('opens the breaker: 503 with Retry-After at once, without sending; closes again once the service is back', async () => {
    expect((await call(gateway, 'GET', '/products?limit=1')).status).toBe(200);
    await catalog.crash();

    // Failures (timeouts) until the breaker opens; every answer is a 503 problem with Retry-After.
    for (let i = 0; i < 20 && (await breaker()) !== OPEN; i++) {
      const res = await call(gateway, 'GET', '/products?limit=1');
      expect([res.status, res.body.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await breaker()).toBe(OPEN);

    // Open: rejected in the gateway, nothing reaches the request stream.
    const stream = requestStreamKey(env.KEY_PREFIX!, 'catalog');
    const [lengthBefore, rejectedBefore] = [await redis.xlen(stream), await rejected()];
    for (let i = 0; i < 10; i++) {
      const res = await call(gateway, 'GET', '/products/1');
      expect([res.status, res.body.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(await redis.xlen(stream)).toBe(lengthBefore);
    expect((await rejected()) - rejectedBefore).toBe(10);
    // Readiness stays honest about it: the gateway is up, the catalog has no live replica.
    await cluster.waitFor('catalog reported without live replicas', async () => (await cluster.liveReplicas(gateway)).catalog === 0);

    // Back: after the half-open delay a trial call goes through and the breaker closes.
    catalog = await cluster.start('catalog');
    await cluster.waitFor('the catalog to answer through the gateway', async () => (await call(gateway, 'GET', '/products?limit=1')).status === 200);
    expect(await breaker()).toBe(0);
  }, 120_000);
});
