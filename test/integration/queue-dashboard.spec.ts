import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@surge/platform/config';
import { createHttpApp } from '@surge/platform/http';
import { JobQueue, OnJob, QueueDashboardModule, QueueModule } from '@surge/platform/queue';
import { MonolithModule } from '../../apps/monolith/src/monolith.module.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { JWT_SECRET, problem, sign, sleep, UsersClient, type Json, type Res } from '../support/users-client.js';

// The monolith declares no queues yet: this module declares one, with handlers, as a domain module would.
const QUEUE = 'dashboard-spec';

@Injectable()
class DashboardSpecHandlers {
  @OnJob(QUEUE, 'ok')
  ok(): string {
    return 'done';
  }

  @OnJob(QUEUE, 'doomed')
  doomed(): void {
    throw new Error('fails on purpose');
  }
}

@Module({
  imports: [QueueModule.forFeature({ jobs: [{ queue: QUEUE, name: 'ok' }, { queue: QUEUE, name: 'doomed', attempts: 1 }] })],
  providers: [DashboardSpecHandlers],
})
class DashboardSpecJobsModule {}

const now = (): number => Math.floor(Date.now() / 1000);
const adminClaims = (extra: Json = {}): Json => ({ sub: '7d3c6a3e-8d0a-4a53-9a55-0a3c1b1f0b11', role: 'admin', iat: now(), exp: now() + 900, iss: 'surge', aud: 'surge-api', ...extra });

describe('queue dashboard at /admin/queues (embedded defaults)', () => {
  let t: TestApp;
  const c = new UsersClient(() => t);
  let admin: string;
  let customer: string;

  /** A request to the dashboard, outside the API prefix. */
  async function board(url: string, opts: { token?: string; cookie?: string; authorization?: string; method?: string } = {}): Promise<Res> {
    const headers: Json = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.authorization) headers.authorization = opts.authorization;
    if (opts.cookie !== undefined) headers.cookie = opts.cookie;
    return (await t.app.inject({ method: (opts.method ?? 'GET') as 'GET', url, headers })) as unknown as Res;
  }

  beforeAll(async () => {
    t = await createTestApp(
      { JWT_SECRET, ADMIN_EMAIL: c.admin.email, ADMIN_PASSWORD: c.admin.password },
      { imports: [DashboardSpecJobsModule, QueueDashboardModule] },
    );
    admin = await c.adminToken();
    customer = (await c.register('dashboard')).accessToken as string;
  }, 60_000);

  afterAll(async () => {
    await t?.app.close();
  });

  it('401 UNAUTHENTICATED problem+json without a token: page, static asset, JSON API, unknown path below', async () => {
    for (const url of ['/admin/queues', '/admin/queues/', '/admin/queues/static/images/logo.svg', '/admin/queues/api/queues', '/admin/queues/nowhere']) {
      const res = await board(url);
      problem(res, 401, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    problem(await board('/admin/queues/api/queues/dashboard-spec/pause', { method: 'PUT' }), 401, 'UNAUTHENTICATED');
  });

  it('401 INVALID_TOKEN for a malformed Authorization header and a forged, expired or garbage bearer token', async () => {
    problem(await board('/admin/queues', { authorization: 'Basic YWRtaW46YWRtaW4=' }), 401, 'INVALID_TOKEN');
    problem(await board('/admin/queues', { token: 'garbage' }), 401, 'INVALID_TOKEN');
    problem(await board('/admin/queues', { token: sign({ alg: 'HS256', typ: 'JWT' }, adminClaims(), 'sha256', 'not-the-secret-not-the-secret-000000') }), 401, 'INVALID_TOKEN');
    problem(await board('/admin/queues', { token: sign({ alg: 'HS256', typ: 'JWT' }, adminClaims({ iat: now() - 1000, exp: now() - 60 })) }), 401, 'INVALID_TOKEN');
  });

  it('403 FORBIDDEN for a customer, by bearer and by ?token= (no cookie set)', async () => {
    problem(await board('/admin/queues', { token: customer }), 403, 'FORBIDDEN');
    problem(await board('/admin/queues/api/queues', { token: customer }), 403, 'FORBIDDEN');
    const exchange = await board(`/admin/queues?token=${customer}`);
    problem(exchange, 403, 'FORBIDDEN');
    expect(exchange.headers['set-cookie']).toBeUndefined();
  });

  it('200 HTML page and its static assets for an admin bearer', async () => {
    for (const url of ['/admin/queues', '/admin/queues/']) {
      const page = await board(url, { token: admin });
      expect(page.statusCode).toBe(200);
      expect(String(page.headers['content-type'])).toContain('text/html');
      expect(page.body).toContain('<base href="/admin/queues/"');
    }
    const asset = await board('/admin/queues/static/images/logo.svg', { token: admin });
    expect(asset.statusCode).toBe(200);
    expect(String(asset.headers['content-type'])).toContain('image/svg+xml');
  });

  it('the JSON API lists every declared queue with its job counts', async () => {
    const jobs = t.app.get(JobQueue);
    await jobs.add(QUEUE, 'ok', { n: 1 });
    await jobs.add(QUEUE, 'doomed', { n: 2 });
    await jobs.add(QUEUE, 'ok', { n: 3 }, { delay: 60_000 });
    let queue: Json | undefined;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
      const res = await board('/admin/queues/api/queues', { token: admin });
      expect(res.statusCode).toBe(200);
      queue = (res.json().queues as Json[]).find((q) => q.name === QUEUE);
      if (queue && queue.counts.completed >= 1 && queue.counts.failed >= 1) break;
    }
    expect(queue).toBeDefined();
    const listed = ((await board('/admin/queues/api/queues', { token: admin })).json().queues as Json[]).map((q) => q.name);
    expect(listed.sort()).toEqual(jobs.queues().map((q) => q.name).sort()); // every declared queue, the monolith's own too
    expect(queue!.counts).toMatchObject({ completed: 1, failed: 1, delayed: 1, active: 0, waiting: 0 });

    const failed = await board(`/admin/queues/api/queues?activeQueue=${QUEUE}&status=failed&page=1&jobsPerPage=10`, { token: admin });
    const failedJobs = (failed.json().queues as Json[]).find((q) => q.name === QUEUE)!.jobs as Json[];
    expect(failedJobs).toEqual([expect.objectContaining({ name: 'doomed', failedReason: 'fails on purpose', data: { n: 2 } })]);
  });

  it('?token= with an admin token sets an HttpOnly SameSite=Strict cookie and redirects without it; the cookie then authorizes', async () => {
    const exchange = await board(`/admin/queues?token=${admin}`);
    expect([302, 303]).toContain(exchange.statusCode);
    expect(exchange.headers.location).toBe('/admin/queues');
    const cookie = String(exchange.headers['set-cookie']);
    expect(cookie).toMatch(/^surge_admin_token=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toContain('Path=/admin/queues');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Max-Age=900');
    expect(cookie).not.toContain('Secure'); // plain http here; Secure is added for https requests

    const jar = cookie.split(';')[0]!;
    const page = await board('/admin/queues', { cookie: jar });
    expect(page.statusCode).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    const api = await board('/admin/queues/api/queues', { cookie: `theme=dark; ${jar}` });
    expect(api.statusCode).toBe(200);
    expect((api.json().queues as Json[]).map((q) => q.name)).toContain(QUEUE);
  });

  it('?token= keeps a deep link and its other parameters, and never redirects off the dashboard', async () => {
    const deep = await board(`/admin/queues/queue/${QUEUE}?status=failed&token=${admin}`);
    expect(deep.statusCode).toBe(303);
    expect(deep.headers.location).toBe(`/admin/queues/queue/${QUEUE}?status=failed`);
    const escape = await board(`/admin/queues//evil.example?token=${admin}`);
    expect(escape.statusCode).toBe(303);
    expect(escape.headers.location).toBe('/admin/queues');
  });

  it('401 INVALID_TOKEN for a forged, expired or garbage cookie, which is then cleared; 401 for ?token= garbage', async () => {
    const forged = sign({ alg: 'HS256', typ: 'JWT' }, adminClaims(), 'sha256', 'not-the-secret-not-the-secret-000000');
    const expired = sign({ alg: 'HS256', typ: 'JWT' }, adminClaims({ iat: now() - 1000, exp: now() - 60 }));
    for (const value of [forged, expired, 'garbage', '%E0%A4%A']) {
      const res = await board('/admin/queues/api/queues', { cookie: `surge_admin_token=${value}` });
      if (value === '%E0%A4%A') {
        problem(res, 401, 'UNAUTHENTICATED'); // undecodable: as good as no cookie
        continue;
      }
      problem(res, 401, 'INVALID_TOKEN');
      expect(String(res.headers['set-cookie'])).toMatch(/^surge_admin_token=; Path=\/admin\/queues; Max-Age=0;/);
    }
    const exchange = await board('/admin/queues?token=garbage');
    problem(exchange, 401, 'INVALID_TOKEN');
    expect(exchange.headers['set-cookie']).toBeUndefined();
  });

  it('is not under the API prefix: /api/v1/admin/queues is 404', async () => {
    problem(await board('/api/v1/admin/queues', { token: admin }), 404, 'NOT_FOUND');
    problem(await board('/api/v1/admin/queues/api/queues', { token: admin }), 404, 'NOT_FOUND');
  });

  it('on the embedded backend: datastore stats come from PostgreSQL, the worker list answers (empty or unknown)', async () => {
    const stats = await board('/admin/queues/api/redis/stats', { token: admin });
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({ backend: 'postgres' });
    const workers = await board(`/admin/queues/api/queues/${QUEUE}/workers`, { token: admin });
    expect(workers.statusCode).toBe(200);
    // The PostgreSQL backend cannot always list clients: an empty list or null, never an error.
    const list = workers.json().workers;
    expect(list === null || Array.isArray(list)).toBe(true);
  });

  it('is mounted when the app starts the way main.ts does it (init, then listen with no explicit ready)', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory', JWT_SECRET });
    @Module({ imports: [MonolithModule.forRoot(config), DashboardSpecJobsModule, QueueDashboardModule] })
    class ListenRootModule {}
    let app: NestFastifyApplication | undefined;
    try {
      app = await createHttpApp(ListenRootModule, config);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = await app.getUrl();

      expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
      const exchange = await fetch(`${base}/admin/queues?token=${admin}`, { redirect: 'manual' });
      expect(exchange.status).toBe(303);
      expect(exchange.headers.get('location')).toBe('/admin/queues');
      const jar = exchange.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${base}/admin/queues`, { headers: { cookie: jar } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<base href="/admin/queues/"');
      const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}` } });
      expect(api.status).toBe(200);
      expect(((await api.json()) as Json).queues.map((q: Json) => q.name)).toContain(QUEUE);
    } finally {
      await app?.close();
    }
  }, 60_000);
});
