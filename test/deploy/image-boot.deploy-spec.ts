/**
 * The Dockerfile's steps without Docker (npm run test:deploy):
 *   build stage   copy the build context (.dockerignore rules) -> npm ci -> npm run build -> test -f entry
 *   prod-deps     package.json + package-lock.json -> npm ci --omit=dev
 *   runtime       prod node_modules + dist/ -> the image's CMD per app
 * then runs each migrating app's migrate entry and boots every app from the runtime directory with
 * NODE_ENV=production and the environment its Kubernetes overlay gives it (ConfigMap, Secret keys from
 * secrets.env.example, with addresses pointed at the local PostgreSQL and Redis), and checks every
 * probe route the manifests use answers 200; finally SIGTERM must exit 0 (exec-form CMD).
 *
 * Needs PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, allowed to
 * create databases) and Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379). Creates databases
 * surge_deploy_<pid>_* and a unique key prefix, and removes both afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  APPS, type AppName, appOfImage, build, composeServices, entryOf, HEALTH_ROUTES, k8sEnv, MIGRATING_APPS, migrateEntryOf, ofKind, OVERLAYS,
  probedPaths, read, readYaml, ROOT,
} from './deploy-model.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN = `surge_deploy_${process.pid}_${Date.now().toString(36)}`;
const KEEP = process.env.KEEP_DEPLOY_TMP === '1';
const READY_WITHIN_MS = 60_000;

const TOPOLOGY: Record<AppName, keyof typeof OVERLAYS> = {
  monolith: 'monolith', gateway: 'split', catalog: 'split', orders: 'split', users: 'split',
};

// ------------------------------------------------------------------ .dockerignore

/** Docker's rules: patterns relative to the context root, `*` within a segment, `**` any depth, `!` re-includes, last match wins. */
function dockerignore(text: string): (path: string) => boolean {
  const rules = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const negate = l.startsWith('!');
    const pattern = (negate ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
    const re = pattern.split('/').map((seg) => seg === '**' ? '.*' : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
      .join('/').replace(/\.\*\//g, '(?:.*/)?');
    return { negate, re: new RegExp(`^${re}(?:/.*)?$`) };
  });
  return (path) => {
    let excluded = false;
    for (const r of rules) if (r.re.test(path)) excluded = !r.negate;
    return excluded;
  };
}

function copyContext(from: string, to: string): string[] {
  const excluded = dockerignore(read('.dockerignore'));
  const copied: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(from, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (excluded(path)) continue;
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) {
        mkdirSync(join(to, rel), { recursive: true });
        copyFileSync(join(from, path), join(to, path));
        copied.push(path);
      }
    }
  };
  walk('');
  return copied;
}

// ------------------------------------------------------------------ processes

const children = new Set<ChildProcess>();
const killAll = (signal: NodeJS.Signals) => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      try {
        process.kill(-c.pid, signal); // the whole process group
      } catch {
        /* already gone */
      }
    }
  }
};
process.once('exit', () => killAll('SIGKILL'));

/** Runs a command to completion; rejects with the output tail on a non-zero exit or timeout. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; log: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(opts.log);
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, opts.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      out.end(() => {
        if (code === 0) return resolve();
        const tail = readFileSync(opts.log, 'utf8').split('\n').slice(-40).join('\n');
        reject(new Error(`${cmd} ${args.join(' ')} (in ${opts.cwd}) exited ${code ?? signal}:\n${tail}`));
      });
    });
  });
}

interface Booted {
  /** The app, or `monolith (load job)` for the monolith as the pipeline's load stage runs it. */
  app: string;
  child: ChildProcess;
  port: number;
  log: string;
  exit: Promise<number | string>;
}

async function freePort(): Promise<number> {
  // Below 32768: the ephemeral range belongs to client sockets (../shared/STACK.md).
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const ok = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

const tail = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-30).join('\n') : '');

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

async function waitFor(b: Booted, path: string, withinMs: number): Promise<number> {
  const deadline = Date.now() + withinMs;
  let last = { status: 0, body: '' };
  while (Date.now() < deadline) {
    if (b.child.exitCode !== null) throw new Error(`${b.app} exited ${b.child.exitCode} before ${path} answered:\n${tail(b.log)}`);
    last = await get(b.port, path);
    if (last.status === 200) return Date.now();
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${b.app}: ${path} did not answer 200 within ${withinMs} ms (last ${last.status} ${last.body.slice(0, 300)}):\n${tail(b.log)}`);
}

// ------------------------------------------------------------------ the run

const tmp = mkdtempSync(join(tmpdir(), 'surge-image-'));
const context = join(tmp, 'context');
const runtime = join(tmp, 'runtime');
const logs = join(tmp, 'logs');
mkdirSync(logs, { recursive: true });

const dockerfile = read('Dockerfile');
const CMD: string[] = JSON.parse(/^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)![1]!);
const jwtSecret = randomBytes(32).toString('hex');
const adminPassword = `Deploy-${randomBytes(8).toString('hex')}-Pw1`;
const databases: string[] = [];
const prefixes: string[] = [];
const booted = new Map<string, Booted>();
const LOAD = 'monolith (load job)';
const timings: Record<string, number> = {};

/** Local database URLs per topology (each topology its own four databases, as in its deployment). */
function databaseUrls(topology: string) {
  const url = (db: string) => {
    const u = new URL(ADMIN_URL);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const name = (n: string) => `${RUN}_${topology}_${n}`;
  return {
    names: ['users', 'catalog', 'orders_0', 'orders_1'].map(name),
    USERS_DATABASE_URL: url(name('users')),
    CATALOG_DATABASE_URL: url(name('catalog')),
    ORDERS_SHARD_URLS: [url(name('orders_0')), url(name('orders_1'))].join(','),
  };
}

/**
 * The environment a workload gets from its overlay, with the cluster addresses replaced by the
 * local servers; every variable the overlay does not set stays unset (the Docker image's ENV aside).
 */
function envFor(app: AppName, kind: 'Deployment' | 'Job', port: number): NodeJS.ProcessEnv {
  const topology = TOPOLOGY[app];
  const b = build(OVERLAYS[topology]);
  const workload = ofKind(b, kind).find((w) => appOfImage(w.spec.template.spec.containers[0].image) === app);
  if (!workload) throw new Error(`no ${kind} for ${app} in ${OVERLAYS[topology]}`);
  const fromOverlay = k8sEnv(b, workload.spec.template.spec.containers[0]);
  const urls = databaseUrls(topology);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(fromOverlay)) {
    if (k === 'USERS_DATABASE_URL' || k === 'CATALOG_DATABASE_URL' || k === 'ORDERS_SHARD_URLS') env[k] = urls[k];
    else if (k === 'REDIS_URL') env[k] = REDIS_URL;
    else if (k === 'KEY_PREFIX') env[k] = `${RUN}_${topology}`;
    else if (k === 'JWT_SECRET') env[k] = jwtSecret;
    // secrets.env.example holds placeholders: the real values a deployer fills in, so the users
    // service bootstraps an admin at boot as it would in the cluster.
    else if (k === 'ADMIN_EMAIL') env[k] = `admin-${RUN.replace(/_/g, '-')}@deploy.test`;
    else if (k === 'ADMIN_PASSWORD') env[k] = adminPassword;
    else env[k] = v;
  }
  env.LOG_LEVEL = 'warn';
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: join(tmp, 'tmp'),
    // The image's ENV (Dockerfile runtime stage), PORT moved off 3000 so the apps can run side by side.
    NODE_ENV: 'production',
    APP: app,
    HOST: '127.0.0.1',
    ...env,
    PORT: String(port),
  };
}

/**
 * The monolith as .gitlab-ci.yml's load job runs it: a service on embedded defaults (in-memory
 * PGlite, demo data) with the service's variables; $LOAD_* are masked CI/CD variables.
 */
function loadJobEnv(port: number): NodeJS.ProcessEnv {
  const job = readYaml('.gitlab-ci.yml').load;
  const service = job.services.find((x: { alias: string }) => x.alias === 'surge');
  const vars: Record<string, string> = { LOAD_JWT_SECRET: jwtSecret, LOAD_ADMIN_PASSWORD: `k6-${randomBytes(8).toString('hex')}-Pw1` };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.variables as Record<string, string>)) {
    env[k] = String(v).replace(/\$([A-Z_]+)/g, (_m, name: string) => {
      if (!(name in vars)) throw new Error(`load job: unexpected variable $${name}`);
      return vars[name]!;
    });
  }
  env.LOG_LEVEL = 'warn';
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: join(tmp, 'tmp'), APP: 'monolith', HOST: '127.0.0.1', ...env, PORT: String(port) };
}

beforeAll(async () => {
  const t0 = Date.now();
  mkdirSync(join(tmp, 'tmp'), { recursive: true });
  // build stage: COPY . . (per .dockerignore) and npm ci; prod-deps stage in parallel (as BuildKit does).
  const files = copyContext(ROOT, context);
  expect(files).toContain('package-lock.json');
  expect(files.some((f) => f.startsWith('node_modules/') || f.startsWith('dist/') || f.startsWith('.git/'))).toBe(false);
  mkdirSync(runtime, { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(runtime, 'package.json'));
  copyFileSync(join(ROOT, 'package-lock.json'), join(runtime, 'package-lock.json'));
  const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  await Promise.all([
    run('npm', ['ci', '--prefer-offline'], { cwd: context, env: npmEnv, timeoutMs: 180_000, log: join(logs, 'npm-ci.log') }),
    run('npm', ['ci', '--omit=dev', '--prefer-offline'], { cwd: runtime, env: npmEnv, timeoutMs: 180_000, log: join(logs, 'npm-ci-prod.log') }),
  ]);
  timings.install = Date.now() - t0;
  const t1 = Date.now();
  await run('npm', ['run', 'build'], { cwd: context, env: npmEnv, timeoutMs: 180_000, log: join(logs, 'build.log') });
  timings.build = Date.now() - t1;
  // runtime stage: COPY --from=build /app/dist ./dist
  cpSync(join(context, 'dist'), join(runtime, 'dist'), { recursive: true });

  // Databases and a key prefix of our own.
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    for (const topology of Object.keys(OVERLAYS)) {
      for (const name of databaseUrls(topology).names) {
        await admin.query(`CREATE DATABASE "${name}"`);
        databases.push(name);
      }
      prefixes.push(`${RUN}_${topology}`);
    }
  } finally {
    await admin.end();
  }
}, 290_000);

afterAll(async () => {
  killAll('SIGTERM');
  const deadline = Date.now() + 5000;
  while ([...children].some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  killAll('SIGKILL');
  if (databases.length) {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  if (prefixes.length) {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      for (const prefix of prefixes) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      }
    } finally {
      redis.disconnect();
    }
  }
  if (KEEP) process.stdout.write(`deploy test files kept in ${tmp}\n`);
  else rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`deploy test timings (ms): ${JSON.stringify(timings)}\n`);
}, 60_000);

describe('image build (Dockerfile build stage)', () => {
  it.each(APPS)('%s: the build puts the entry at the Dockerfile path (test -f)', (app) => {
    expect(existsSync(join(context, entryOf(app)))).toBe(true);
    expect(existsSync(join(runtime, entryOf(app)))).toBe(true);
  });

  it.each(MIGRATING_APPS)('%s: the migrate entry the compose services and Jobs run is built', (app) => {
    expect(existsSync(join(runtime, migrateEntryOf(app)))).toBe(true);
  });

  // (typescript stays: @nestjs/swagger depends on it at run time)
  it('the runtime install has production dependencies only', () => {
    expect(existsSync(join(runtime, 'node_modules', '@nestjs', 'core'))).toBe(true);
    for (const dev of ['jest', '@nestjs/cli', 'eslint', '@swc/core', 'autocannon']) expect(existsSync(join(runtime, 'node_modules', dev))).toBe(false);
  });
});

describe('runtime (every app from the production install)', () => {
  it('the migration Jobs run to completion (each domain app migrates its own databases)', async () => {
    const t = Date.now();
    const migrating = MIGRATING_APPS;
    await Promise.all(migrating.map(async (app) =>
      run(process.execPath, ['--enable-source-maps', migrateEntryOf(app)], {
        cwd: runtime, env: envFor(app, 'Job', 0), timeoutMs: 60_000, log: join(logs, `migrate-${app}.log`),
      })));
    timings.migrate = Date.now() - t;
  }, 90_000);

  it('every app boots with the image CMD; /health/live and then /health/ready answer 200 within 60 s', async () => {
    const t = Date.now();
    for (const app of [...APPS, LOAD]) {
      const port = await freePort();
      const log = join(logs, `${app.replace(/\W+/g, '-')}.log`);
      const out = createWriteStream(log);
      const env = app === LOAD ? loadJobEnv(port) : envFor(app as AppName, 'Deployment', port);
      // The Dockerfile's CMD, as the container runs it (sh -c 'exec node ... dist/apps/${APP}/src/main.js').
      const child = spawn(CMD[0]!, CMD.slice(1), { cwd: runtime, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      child.stdout!.pipe(out);
      child.stderr!.pipe(out);
      const exit = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
      booted.set(app, { app, child, port, log, exit });
    }
    await Promise.all([...booted.values()].map(async (b) => {
      await waitFor(b, '/health/live', READY_WITHIN_MS);
      await waitFor(b, '/health/ready', READY_WITHIN_MS);
      timings[`ready:${b.app}`] = Date.now() - t;
    }));
  }, 90_000);

  it('every probe and health-check route the deployment files use answers 200 on every app', async () => {
    const used = new Set<string>();
    for (const dir of Object.values(OVERLAYS)) {
      for (const d of ofKind(build(dir), 'Deployment')) {
        const c = d.spec.template.spec.containers[0];
        for (const p of [c.readinessProbe, c.livenessProbe, c.startupProbe]) used.add(p.httpGet.path);
        used.add(d.spec.template.metadata.annotations['prometheus.io/path']);
      }
    }
    for (const line of read('Dockerfile').split('\n').filter((l) => l.includes('fetch('))) for (const p of probedPaths(line)) used.add(p);
    for (const s of [...composeServices('monolith'), ...composeServices('split')]) {
      if (s.healthcheck) for (const p of probedPaths([s.healthcheck.test].flat().join(' '))) used.add(p);
    }
    expect([...used].sort()).toEqual([...HEALTH_ROUTES].sort());
    expect(booted.size).toBe(APPS.length + 1);
    for (const b of booted.values()) {
      for (const path of used) {
        const res = await get(b.port, path);
        expect({ app: b.app, path, status: res.status }).toEqual({ app: b.app, path, status: 200 });
      }
      const metrics = await get(b.port, '/metrics');
      expect(metrics.body).toMatch(/^# (HELP|TYPE) /m);
    }
  });

  it('the public API answers through the monolith and through the gateway (which calls the catalog service)', async () => {
    for (const app of ['monolith', 'gateway', LOAD]) {
      const b = booted.get(app)!;
      const res = await get(b.port, '/api/v1/products');
      expect({ app, status: res.status }).toEqual({ app, status: 200 });
    }
  });

  it('the load job\'s app has the demo data k6 browses (embedded defaults, seeded)', async () => {
    const res = await get(booted.get(LOAD)!.port, '/api/v1/products?limit=5');
    expect(res.status).toBe(200);
    const page = JSON.parse(res.body) as { items: unknown[] };
    expect(page.items.length).toBeGreaterThan(0);
  });

  it('SIGTERM (to PID 1 of the container: node, via exec) shuts every app down with exit 0', async () => {
    for (const b of booted.values()) process.kill(b.child.pid!, 'SIGTERM');
    const codes = await Promise.all([...booted.values()].map(async (b) => ({
      app: b.app,
      code: await Promise.race([b.exit, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]),
    })));
    expect(codes).toEqual([...APPS, LOAD].map((app) => ({ app, code: 0 })));
  }, 30_000);
});
