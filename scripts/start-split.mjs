#!/usr/bin/env node
// @ts-check
/**
 * `npm run start:split`: the split topology as local processes: the gateway on PORT (3000) and one
 * replica each of the catalog, orders and users services (health and metrics on 3101, 3102, 3103;
 * with more replicas the numbers run on in that order), all talking over REDIS_URL.
 *
 *   npm run start:split                        one replica of each service
 *   npm run start:split -- --orders 3          three orders replicas (any service: --catalog N, --users N)
 *
 * Databases: USERS_DATABASE_URL, CATALOG_DATABASE_URL and ORDERS_SHARD_URLS from the environment
 * (or .env); when unset, surge_users, surge_catalog, surge_orders_0 and surge_orders_1 on
 * postgres://postgres@127.0.0.1:5432, created if missing. Each service's migrations run once
 * before its replicas start. Ctrl-C stops everything (each process drains first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureBuilt, entryOf, ROOT } from './lib/build.mjs';

const SERVICES = /** @type {const} */ (['catalog', 'orders', 'users']);
const { values } = parseArgs({
  options: { catalog: { type: 'string', default: '1' }, orders: { type: 'string', default: '1' }, users: { type: 'string', default: '1' } },
});
const replicas = Object.fromEntries(
  SERVICES.map((s) => {
    const n = Number(values[s]);
    if (!Number.isInteger(n) || n < 1 || n > 16) {
      process.stderr.write(`--${s} must be a number of replicas from 1 to 16\n`);
      process.exit(2);
    }
    return [s, n];
  }),
);

try {
  process.loadEnvFile('.env');
} catch {
  // no .env
}
const server = process.env.SPLIT_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = (/** @type {string} */ name) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const env = {
  ...process.env,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  USERS_DATABASE_URL: process.env.USERS_DATABASE_URL ?? dbUrl('surge_users'),
  CATALOG_DATABASE_URL: process.env.CATALOG_DATABASE_URL ?? dbUrl('surge_catalog'),
  ORDERS_SHARD_URLS: process.env.ORDERS_SHARD_URLS ?? [dbUrl('surge_orders_0'), dbUrl('surge_orders_1')].join(','),
};

async function createMissingDatabases() {
  const urls = [env.USERS_DATABASE_URL, env.CATALOG_DATABASE_URL, ...env.ORDERS_SHARD_URLS.split(',')].map((u) => new URL(u));
  for (const url of urls) {
    const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
    await admin.connect();
    try {
      const name = decodeURIComponent(url.pathname.slice(1));
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        process.stdout.write(`created database ${name}\n`);
      }
    } finally {
      await admin.end();
    }
  }
}

ensureBuilt(['gateway', ...SERVICES]);
await createMissingDatabases();
for (const service of SERVICES) {
  const migrated = spawnSync(process.execPath, [entryOf(service, 'migrate.js')], { cwd: ROOT, env, stdio: 'inherit' });
  if (migrated.status !== 0) process.exit(migrated.status ?? 1);
}

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

/** @param {string} name @param {string} app @param {Record<string, string>} extra */
function start(name, app, extra) {
  const child = spawn(process.execPath, ['--enable-source-maps', entryOf(app)], {
    cwd: ROOT,
    env: { ...env, MIGRATE_ON_START: 'false', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`[${name}] exited (${signal ?? code})\n`);
    if (!stopping) stop(1);
  });
  children.push(child);
}

/** @param {number} code */
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  let left = children.filter((c) => c.exitCode === null).length;
  if (left === 0) process.exit(code);
  for (const child of children) child.once('exit', () => --left === 0 && process.exit(code));
}

let port = 3101;
for (const service of SERVICES) {
  for (let i = 1; i <= replicas[service]; i++) {
    // Only the first replica seeds demo data (dev default), so replicas do not race on it.
    start(replicas[service] > 1 ? `${service}-${i}` : service, service, { PORT: String(port++), ...(i > 1 ? { SEED_DEMO_DATA: 'false' } : {}) });
  }
}
start('gateway', 'gateway', { PORT: process.env.PORT ?? '3000' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
