// @ts-check
/**
 * The hop part of bench/run.mjs (`--hop`): the same requests through the monolith and through the
 * split topology (gateway + one replica each of catalog, orders and users over Redis Streams), on
 * the same kind of databases (this machine's PostgreSQL and Redis), back to back in one run.
 *
 * Scratch databases, unique to the run (`surge_bench_hop_<pid>_<tag>_{users,catalog,orders_0,orders_1}`),
 * are created at the start and dropped at the end. Both topologies use the same databases (the
 * fixture is created once, through the monolith) but each its own KEY_PREFIX, so caches, queues
 * and streams start empty for each.
 *
 * Latencies are collected per response (autocannon's 'response' event, float milliseconds from
 * process.hrtime) and the percentiles computed here: autocannon's own latency histogram has a
 * resolution of 1 ms, too coarse to compare two p50s that should differ by less than that.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { databaseUrl } from './orders.mjs';

export const SERVICES = /** @type {const} */ (['catalog', 'orders', 'users']);

/**
 * @typedef {object} HopDatabases
 * @property {string} users
 * @property {string} catalog
 * @property {string[]} shards
 */

/** Database names unique to this run. @param {string} tag @returns {HopDatabases} */
export function hopDatabases(tag) {
  const base = `surge_bench_hop_${process.pid}_${tag}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return { users: `${base}_users`, catalog: `${base}_catalog`, shards: [`${base}_orders_0`, `${base}_orders_1`] };
}

/** @param {HopDatabases} dbs */
const allNames = (dbs) => [dbs.users, dbs.catalog, ...dbs.shards];

/** @param {string} adminUrl @param {(c: pg.Client) => Promise<void>} fn */
async function withAdmin(adminUrl, fn) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'surge:bench' });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** @param {string} adminUrl @param {HopDatabases} dbs */
export async function createHopDatabases(adminUrl, dbs) {
  await withAdmin(adminUrl, async (c) => {
    for (const name of allNames(dbs)) {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${name}"`);
    }
  });
}

/** @param {string} adminUrl @param {HopDatabases} dbs @returns {Promise<string[]>} failures */
export async function dropHopDatabases(adminUrl, dbs) {
  /** @type {string[]} */
  const failed = [];
  await withAdmin(adminUrl, async (c) => {
    for (const name of allNames(dbs)) {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((/** @type {Error} */ err) => failed.push(`${name}: ${err.message}`));
    }
  });
  return failed;
}

/**
 * The database variables of every process (over appEnvironment() of orders.mjs).
 * @param {string} adminUrl @param {HopDatabases} dbs
 */
export function hopDatabaseEnv(adminUrl, dbs) {
  return {
    USERS_DATABASE_URL: databaseUrl(adminUrl, dbs.users),
    CATALOG_DATABASE_URL: databaseUrl(adminUrl, dbs.catalog),
    ORDERS_SHARD_URLS: dbs.shards.map((name) => databaseUrl(adminUrl, name)).join(','),
  };
}

/**
 * Runs dist/apps/<service>/src/migrate.js of each service (as scripts/start-split.mjs does).
 * @param {string} root @param {NodeJS.ProcessEnv} env @param {number} timeoutSec
 */
export function migrateServices(root, env, timeoutSec) {
  for (const service of SERVICES) {
    const entry = join(root, 'dist', 'apps', service, 'src', 'migrate.js');
    const r = spawnSync(process.execPath, [entry], { cwd: root, env, encoding: 'utf8', timeout: timeoutSec * 1000 });
    if (r.status !== 0) {
      throw new Error(`${service} migrate.js failed (status ${r.status}, signal ${r.signal}): ${(r.stderr || r.stdout || '').slice(-1000)}`);
    }
  }
}

/**
 * The gateway is ready for the bench when /health/ready is 200 and every service has a live replica.
 * @param {string} body
 */
export function gatewayServicesLive(body) {
  try {
    const services = JSON.parse(body)?.details?.services ?? {};
    return SERVICES.every((s) => Number(services[s]?.live) >= 1);
  } catch {
    return false;
  }
}

/**
 * @typedef {object} HopRequest
 * @property {'GET' | 'POST'} method
 * @property {string} path
 * @property {Record<string, string>} [headers]
 * @property {string} [body]
 *
 * @typedef {object} HopMetrics
 * @property {number} connections
 * @property {number} durationSec
 * @property {number} responses
 * @property {number} requestsPerSec     responses of the expected status per second
 * @property {number} latencyMeanMs      responses of the expected status only
 * @property {number} latencyP50Ms
 * @property {number} latencyP90Ms
 * @property {number} latencyP99Ms
 * @property {number} latencyMaxMs
 * @property {number} unexpected         responses of another status
 * @property {Record<string, number>} statusCodes
 * @property {number} errors
 * @property {number} timeouts
 * @property {string} [firstUnexpected]  body of the first response of another status
 */

/** @param {Float64Array} sorted @param {number} q */
function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const r3 = (/** @type {number} */ n) => Math.round(n * 1000) / 1000;

/**
 * One bounded load run (fixed duration, `connections` connections) with exact per-response latencies.
 * @param {string} origin
 * @param {() => HopRequest} next          builds each request
 * @param {{ connections: number, duration: number, expectedStatus: number }} load
 * @param {(instance: { stop: () => void } | null) => void} track   told the running instance (for Ctrl-C)
 * @returns {Promise<HopMetrics>}
 */
export function hopLoad(origin, next, load, track) {
  return new Promise((resolve, reject) => {
    /** @type {number[]} */
    const latencies = [];
    /** @type {Record<string, number>} */
    const statusCodes = {};
    /** @type {string | undefined} */
    let firstUnexpected;
    const first = next();
    /** @type {autocannon.Request} */
    const request = {
      method: first.method,
      path: first.path,
      setupRequest: (req) => {
        const r = next();
        return { ...req, method: r.method, path: r.path, headers: r.headers ?? {}, body: r.body };
      },
      onResponse: (status, body) => {
        if (status !== load.expectedStatus && firstUnexpected === undefined) firstUnexpected = String(body).slice(0, 300);
      },
    };
    const instance = autocannon({ url: origin, connections: load.connections, duration: load.duration, requests: [request], timeout: 10 }, (err, result) => {
      clearTimeout(watchdog);
      track(null);
      if (err) return reject(err);
      const sorted = Float64Array.from(latencies).sort();
      const ok = sorted.length;
      const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
      const seconds = result.duration > 0 ? result.duration : load.duration;
      /** @type {HopMetrics} */
      const m = {
        connections: load.connections,
        durationSec: r3(seconds),
        responses,
        requestsPerSec: Math.round((ok / seconds) * 10) / 10,
        latencyMeanMs: r3(ok ? sorted.reduce((a, b) => a + b, 0) / ok : Number.NaN),
        latencyP50Ms: r3(quantile(sorted, 0.5)),
        latencyP90Ms: r3(quantile(sorted, 0.9)),
        latencyP99Ms: r3(quantile(sorted, 0.99)),
        latencyMaxMs: r3(ok ? sorted[ok - 1] : Number.NaN),
        unexpected: responses - ok,
        statusCodes,
        errors: result.errors,
        timeouts: result.timeouts,
      };
      if (firstUnexpected !== undefined) m.firstUnexpected = firstUnexpected;
      resolve(m);
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode === load.expectedStatus) latencies.push(responseTime);
    });
    track(instance);
    const watchdog = setTimeout(() => instance.stop(), (load.duration + 40) * 1000);
  });
}

/**
 * Mean duration and count per label set of the `_sum`/`_count` pairs of histogram `name` in a
 * Prometheus text exposition (e.g. surge_transport_client_duration_seconds: time from the
 * transport client's send() to the reply, per pattern).
 * @param {string} text @param {string} name
 * @returns {Record<string, { count: number, meanMs: number }>}
 */
export function histogramMeans(text, name) {
  /** @type {Record<string, { sum?: number, count?: number }>} */
  const acc = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+?)_(sum|count)(\{[^}]*\})? ([0-9.eE+-]+|NaN)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = m[3] ?? '{}';
    (acc[labels] ??= {})[/** @type {'sum' | 'count'} */ (m[2])] = Number(m[4]);
  }
  /** @type {Record<string, { count: number, meanMs: number }>} */
  const out = {};
  for (const [labels, { sum, count }] of Object.entries(acc)) {
    if (!count || sum === undefined) continue;
    out[labels] = { count, meanMs: Math.round((sum / count) * 1e6) / 1000 };
  }
  return out;
}
