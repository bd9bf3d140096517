// @ts-check
/**
 * The orders part of bench/run.mjs: scratch PostgreSQL databases, the environment of the app under
 * test, the fixture (admin, products, customers), the request generators of each access pattern,
 * the baseline database, and the checks run against the databases after each measurement.
 *
 * Scratch databases (dropped and created again on every run, dropped at the end):
 *   surge_bench_users, surge_bench_catalog, surge_bench_orders_0, surge_bench_orders_1 (the app)
 *   surge_bench_baseline (the bare-SQL baseline: products(id, price_amount, stock), orders)
 * on the server of BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres, a role that
 * may create databases). Two runs against the same PostgreSQL at once would drop each other's.
 */
import { Queue } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

export const DATABASES = {
  users: 'surge_bench_users',
  catalog: 'surge_bench_catalog',
  shards: ['surge_bench_orders_0', 'surge_bench_orders_1'],
  baseline: 'surge_bench_baseline',
};
const ALL_DATABASES = [DATABASES.users, DATABASES.catalog, ...DATABASES.shards, DATABASES.baseline];

/** Queues the app's order jobs run on (libs/orders/src/jobs/order-jobs.ts). */
const APP_QUEUES = ['orders', 'notifications'];

/**
 * @typedef {object} OrdersFixtureOptions
 * @property {number} customers        registered through POST /auth/register
 * @property {number} products         ordinary products, `stock` units each
 * @property {number} stock
 * @property {number} hotStock         the one product of hot-product
 * @property {number} flashUnits       stock of the flash-sale product
 * @property {number} flashBuyers      distinct customers of the flash sale (inserted and signed, see createFlashBuyers)
 * @property {number} registerConcurrency
 *
 * @typedef {object} Customer
 * @property {string} id
 * @property {string} token
 *
 * @typedef {object} FixtureProduct
 * @property {number} id
 * @property {number} price
 * @property {number} stock   initial stock
 *
 * @typedef {object} OrdersFixture
 * @property {Customer[]} customers
 * @property {Customer[]} flashBuyers
 * @property {FixtureProduct[]} products
 * @property {FixtureProduct} hot
 * @property {FixtureProduct} flash
 * @property {number} registerSeconds      wall time of registering `customers`
 * @property {number} productSeconds       wall time of creating the products through the admin API
 *
 * @typedef {object} OrderRequestBody
 * @property {Record<string, string>} headers
 * @property {string} body
 */

/** @param {string} adminUrl @param {string} name */
export function databaseUrl(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** @param {string} url */
async function withClient(url, /** @type {(c: pg.Client) => Promise<any>} */ fn) {
  const client = new pg.Client({ connectionString: url, application_name: 'surge:bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops (disconnecting anyone still on them) and creates every scratch database. */
export async function recreateDatabases(/** @type {string} */ adminUrl) {
  await withClient(adminUrl, async (c) => {
    for (const name of ALL_DATABASES) {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${name}"`);
    }
  });
}

/** @returns {Promise<string[]>} the scratch databases that could not be dropped, with the reason */
export async function dropDatabases(/** @type {string} */ adminUrl) {
  /** @type {string[]} */
  const failed = [];
  await withClient(adminUrl, async (c) => {
    for (const name of ALL_DATABASES) {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((/** @type {Error} */ err) => failed.push(`${name}: ${err.message}`));
    }
  });
  return failed;
}

/**
 * Variables of the app under test (over the inherited environment).
 * @param {{ adminUrl: string, redisUrl: string, keyPrefix: string, jwtSecret: string, adminEmail: string, adminPassword: string, poolSize: number, fulfilmentStepDelayMs: number }} o
 */
export function appEnvironment(o) {
  return {
    NODE_ENV: 'production',
    MIGRATE_ON_START: 'true',
    SEED_DEMO_DATA: 'false',
    DATA_DIR: 'memory',
    USERS_DATABASE_URL: databaseUrl(o.adminUrl, DATABASES.users),
    CATALOG_DATABASE_URL: databaseUrl(o.adminUrl, DATABASES.catalog),
    ORDERS_SHARD_URLS: DATABASES.shards.map((name) => databaseUrl(o.adminUrl, name)).join(','),
    REDIS_URL: o.redisUrl,
    KEY_PREFIX: o.keyPrefix,
    JWT_SECRET: o.jwtSecret,
    ADMIN_EMAIL: o.adminEmail,
    ADMIN_PASSWORD: o.adminPassword,
    AUTH_IP_RATE_LIMIT: '100000/60',
    AUTH_EMAIL_RATE_LIMIT: '100000/60',
    DB_POOL_SIZE: String(o.poolSize),
    PAYMENT_LATENCY_MS: '0',
    PAYMENT_FAILURE_RATE: '0',
    FULFILMENT_STEP_DELAY_MS: String(o.fulfilmentStepDelayMs),
    FLASH_SALE_USER_LIMIT: '2',
    LOG_LEVEL: 'warn',
  };
}

/** A fresh secret, admin password and Redis key prefix for one run. */
export function runSecrets() {
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    tag,
    keyPrefix: `bench_orders_${tag}`,
    jwtSecret: randomBytes(32).toString('base64url'),
    adminEmail: `bench-admin-${tag}@surge.test`,
    adminPassword: `Bench-${randomBytes(9).toString('base64url')}-7!`,
  };
}

/** @param {string} url @param {RequestInit} [init] @returns {Promise<any>} */
async function json(url, init) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.status === 204 ? null : res.json();
}

/**
 * Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight.
 * @template T
 * @param {number} count @param {number} concurrency @param {(i: number) => Promise<T>} task
 * @returns {Promise<T[]>}
 */
async function pool(count, concurrency, task) {
  /** @type {T[]} */
  const out = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

/**
 * A signed access token exactly as the app issues them (HS256; sub, role, iat, exp, aud, iss:
 * libs/platform/auth/src/access-token.service.ts), valid 15 minutes.
 * @param {string} secret @param {string} userId
 */
export function signAccessToken(secret, userId) {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (/** @type {object} */ o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ role: 'customer', iat: now, exp: now + 900, aud: 'surge-api', iss: 'surge', sub: userId })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/**
 * Creates through the app's API: a category, `products` ordinary products, the hot product and
 * the flash-sale product (flashSale: true); registers `customers` customers (argon2 on the app's
 * core: the slow part, bounded by `registerConcurrency`); then the flash-sale buyers.
 * @param {string} baseUrl
 * @param {{ adminEmail: string, adminPassword: string, jwtSecret: string, usersDbUrl: string, tag: string }} run
 * @param {OrdersFixtureOptions} o
 * @returns {Promise<OrdersFixture>}
 */
export async function createFixture(baseUrl, run, o) {
  const { accessToken } = await json(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: run.adminEmail, password: run.adminPassword }),
  });
  const admin = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  await json(`${baseUrl}/api/v1/admin/categories`, { method: 'POST', headers: admin, body: JSON.stringify({ slug: 'bench-orders', name: 'Bench orders' }) });

  /** @param {string} sku @param {number} price @param {number} stock @param {boolean} flashSale @returns {Promise<FixtureProduct>} */
  const product = async (sku, price, stock, flashSale) => {
    const p = await json(`${baseUrl}/api/v1/admin/products`, {
      method: 'POST', headers: admin,
      body: JSON.stringify({ sku, name: `Bench ${sku}`, price: { amount: price, currency: 'USD' }, stock, category: 'bench-orders', flashSale }),
    });
    if (p.stock !== stock || p.flashSale !== flashSale) throw new Error(`product ${sku} created as ${JSON.stringify(p).slice(0, 300)}`);
    return { id: p.id, price, stock };
  };
  let started = performance.now();
  const products = await pool(o.products, 16, (i) => product(`ORD-${i + 1}`, 100 + ((i * 37) % 9900), o.stock, false));
  const hot = await product('ORD-HOT', 1999, o.hotStock, false);
  const flash = await product('ORD-FLASH', 4999, o.flashUnits, true);
  const productSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const password = `Bench-${randomBytes(9).toString('base64url')}-7!`;
  const customers = await pool(o.customers, o.registerConcurrency, async (i) => {
    const r = await json(`${baseUrl}/api/v1/auth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${run.tag}-${i}@surge.test`, password, name: `Bench customer ${i}` }),
    });
    return { id: r.user.id, token: r.accessToken };
  });
  const registerSeconds = (performance.now() - started) / 1000;

  const flashBuyers = await createFlashBuyers(run, o.flashBuyers);
  return { customers, flashBuyers, products, hot, flash, registerSeconds, productSeconds };
}

/**
 * The flash-sale buyers. Registering 2,000 customers through the API would cost 2,000 argon2
 * hashes on the app's one core (minutes): instead they are inserted into the users database in
 * one statement, with the password hash of the first registered customer, and given access tokens
 * signed with the run's JWT_SECRET exactly as the app signs them. The app verifies them as it
 * verifies its own (signature, issuer, audience, expiry); the order path never reads the users
 * database.
 * @param {{ jwtSecret: string, usersDbUrl: string, tag: string }} run @param {number} count
 * @returns {Promise<Customer[]>}
 */
async function createFlashBuyers(run, count) {
  /** @type {string[]} */
  const ids = await withClient(run.usersDbUrl, async (c) => {
    const { rows } = await c.query(
      `INSERT INTO users (email, name, role, password_hash)
       SELECT 'flash-' || $1 || '-' || i || '@surge.test', 'Flash buyer ' || i, 'customer',
              (SELECT password_hash FROM users WHERE role = 'customer' ORDER BY created_at LIMIT 1)
       FROM generate_series(1, $2::integer) AS i
       RETURNING id`,
      [run.tag, count],
    );
    return rows.map((/** @type {{ id: string }} */ r) => r.id);
  });
  if (ids.length !== count) throw new Error(`inserted ${ids.length} flash buyers, expected ${count}`);
  return ids.map((id) => ({ id, token: signAccessToken(run.jwtSecret, id) }));
}

/**
 * The baseline's database: the same product ids, prices and initial stock as the app's catalog.
 * @param {string} url @param {OrdersFixture} fixture
 */
export async function createBaselineDatabase(url, fixture) {
  const all = [...fixture.products, fixture.hot, fixture.flash];
  await withClient(url, async (c) => {
    await c.query(`CREATE TABLE products (
      id integer PRIMARY KEY,
      price_amount integer NOT NULL,
      stock integer NOT NULL CHECK (stock >= 0)
    )`);
    await c.query(`CREATE TABLE orders (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL,
      items jsonb NOT NULL,
      total_amount bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await c.query(`INSERT INTO products SELECT * FROM unnest($1::integer[], $2::integer[], $3::integer[])`, [
      all.map((p) => p.id), all.map((p) => p.price), all.map((p) => p.stock),
    ]);
  });
}

/**
 * Request generators, one per access pattern. Each call returns the next request's headers and
 * body; the Idempotency-Key is unique per call (`label` tells runs apart).
 *   many:  a random customer orders 1 to 3 distinct random products, 1 unit each
 *   hot:   a random customer orders 1 unit of the hot product
 *   flash: flash buyer n (in order, each once) orders 1 unit of the flash-sale product
 * @param {'many' | 'hot' | 'flash'} pattern @param {OrdersFixture} fixture @param {string} label
 * @returns {() => OrderRequestBody}
 */
export function requestGenerator(pattern, fixture, label) {
  let n = 0;
  const rnd = (/** @type {number} */ k) => Math.floor(Math.random() * k);
  /** @param {Customer} who @param {{ productId: number, quantity: number }[]} items */
  const request = (who, items) => ({
    headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}`, 'idempotency-key': `${label}-${++n}` },
    body: JSON.stringify({ items }),
  });
  if (pattern === 'many') {
    const { customers, products } = fixture;
    return () => {
      const count = 1 + rnd(3);
      /** @type {Set<number>} */
      const ids = new Set();
      while (ids.size < count) ids.add(products[rnd(products.length)].id);
      return request(customers[rnd(customers.length)], [...ids].map((productId) => ({ productId, quantity: 1 })));
    };
  }
  if (pattern === 'hot') {
    const { customers, hot } = fixture;
    return () => request(customers[rnd(customers.length)], [{ productId: hot.id, quantity: 1 }]);
  }
  const { flashBuyers, flash } = fixture;
  let buyer = 0;
  // Past the last buyer (only if the load generator re-sends after a connection error) it starts
  // over; run.mjs counts the requests built and fails the run if there were more than buyers.
  return () => request(flashBuyers[buyer++ % flashBuyers.length], [{ productId: flash.id, quantity: 1 }]);
}

/**
 * What the databases say after a run: units taken from stock (initial minus current, over the
 * given products) and orders and units written (on every shard for the app, the one orders table
 * for the baseline).
 * @param {{ stockUrl: string, orderUrls: string[], products: FixtureProduct[] }} o
 * @returns {Promise<{ unitsTaken: number, orders: number, unitsOrdered: number, stock: Map<number, number> }>}
 */
export async function ledger(o) {
  const ids = o.products.map((p) => p.id);
  const stock = await withClient(o.stockUrl, async (c) => {
    const { rows } = await c.query('SELECT id, stock FROM products WHERE id = ANY($1::integer[])', [ids]);
    return new Map(rows.map((/** @type {{ id: number, stock: number }} */ r) => [r.id, r.stock]));
  });
  const unitsTaken = o.products.reduce((sum, p) => sum + p.stock - (stock.get(p.id) ?? Number.NaN), 0);
  let orders = 0;
  let unitsOrdered = 0;
  for (const url of o.orderUrls) {
    const row = await withClient(url, async (c) => (await c.query(
      `SELECT (SELECT count(*) FROM orders)::bigint AS orders,
              (SELECT coalesce(sum((i->>'quantity')::bigint), 0) FROM orders o, jsonb_array_elements(o.items) i
                WHERE (i->>'productId')::integer = ANY($1::integer[]))::bigint AS units`,
      [ids],
    )).rows[0]);
    orders += Number(row.orders);
    unitsOrdered += Number(row.units);
  }
  return { unitsTaken, orders, unitsOrdered, stock };
}

/**
 * Waits until the app's background work is done: no waiting, active or prioritized job in its
 * queues and an empty outbox on every shard (delayed jobs, i.e. later fulfilment steps, are not
 * waited for). Returns the seconds it took, or throws after `timeoutSec`.
 * @param {{ redisUrl: string, keyPrefix: string, shardUrls: string[], timeoutSec: number }} o
 */
export async function waitForQuiet(o) {
  const started = performance.now();
  const connection = new Redis(o.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
  const queues = APP_QUEUES.map((name) => new Queue(name, { connection, prefix: `${o.keyPrefix}:bull` }));
  const clients = o.shardUrls.map((url) => new pg.Client({ connectionString: url, application_name: 'surge:bench' }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    let last = '';
    for (;;) {
      let pending = 0;
      const parts = [];
      for (const q of queues) {
        const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        const n = Object.values(counts).reduce((a, b) => a + b, 0);
        pending += n;
        parts.push(`${q.name} ${n}`);
      }
      for (const [i, c] of clients.entries()) {
        const n = Number((await c.query('SELECT count(*) AS n FROM outbox')).rows[0].n);
        pending += n;
        parts.push(`outbox_${i} ${n}`);
      }
      if (pending === 0) return (performance.now() - started) / 1000;
      last = parts.join(', ');
      if ((performance.now() - started) / 1000 > o.timeoutSec) throw new Error(`background jobs still pending after ${o.timeoutSec} s (${last})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await Promise.allSettled(queues.map((q) => q.close()));
    await Promise.allSettled(clients.map((c) => c.end()));
    connection.disconnect();
  }
}

/**
 * Status counts of the app's job queues (completed and failed included), for the report.
 * @param {{ redisUrl: string, keyPrefix: string }} o
 * @returns {Promise<Record<string, Record<string, number>>>}
 */
export async function jobCounts(o) {
  const connection = new Redis(o.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    /** @type {Record<string, Record<string, number>>} */
    const out = {};
    for (const name of APP_QUEUES) {
      const q = new Queue(name, { connection, prefix: `${o.keyPrefix}:bull` });
      out[name] = await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      await q.close();
    }
    return out;
  } finally {
    connection.disconnect();
  }
}

/**
 * The flash-sale gate's Redis stock counter of a product (`<prefix>:flash:stock:<id>`) and how
 * many buyers its tally holds; the counter is null once its TTL (15 s) has passed.
 * @param {{ redisUrl: string, keyPrefix: string, productId: number }} o
 * @returns {Promise<{ counter: string | null, buyers: number }>}
 */
export async function flashGateState(o) {
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    const counter = await redis.get(`${o.keyPrefix}:flash:stock:${o.productId}`);
    const buyers = await redis.hlen(`${o.keyPrefix}:flash:buyers:${o.productId}`);
    return { counter, buyers };
  } finally {
    redis.disconnect();
  }
}

/**
 * Deletes every Redis key of the run (`<keyPrefix>:*`, queues included). Returns how many.
 * @param {string} redisUrl @param {string} keyPrefix
 */
export async function deleteRedisKeys(redisUrl, keyPrefix) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
