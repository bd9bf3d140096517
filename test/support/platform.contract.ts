import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSourceRegistry } from '@surge/platform/database';
import { createTestApp, type TestApp } from './test-app.js';
import { PlatformTestController } from './test-controllers.js';

type Env = Record<string, string | undefined>;

function problemOf(res: { headers: Record<string, unknown>; json: () => unknown }): Record<string, unknown> {
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as Record<string, unknown>;
  for (const field of ['type', 'title', 'status', 'detail', 'code']) expect(body).toHaveProperty(field);
  return body;
}

/**
 * The platform behaviour every deployment must show, run on the embedded defaults (`npm test`)
 * and on real PostgreSQL and Redis (`npm run test:e2e`).
 */
export function describePlatformContract(label: string, env: () => Env | Promise<Env>): void {
  describe(`platform contract (${label})`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(await env(), { controllers: [PlatformTestController] });
    }, 60_000);

    afterAll(async () => {
      await t?.app.close();
    });

    it('answers liveness and readiness with every DataSource and the queue named', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      const body = ready.json();
      const shards = t.config.orderShards.map((s) => `db:${s.name}`);
      expect(Object.keys(body.details)).toEqual(expect.arrayContaining(['db:users', 'db:catalog', ...shards, 'queue']));
      if (t.config.redisUrl) expect(body.details.redis.status).toBe('up');
    });

    it('puts a request id on every response and keeps the one the client sent', async () => {
      const fresh = await t.app.inject({ method: 'GET', url: '/health/live' });
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const given = await t.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { 'x-request-id': 'abc-123' } });
      expect(given.headers['x-request-id']).toBe('abc-123');
      const hostile = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'bad id\u0001' } });
      expect(hostile.headers['x-request-id']).not.toBe('bad id\u0001');
    });

    it('answers an unknown route with a 404 problem', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
      expect(res.statusCode).toBe(404);
      expect(problemOf(res)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it('validates bodies: 400 with field errors, unknown fields refused, valid input passes', async () => {
      const bad = await t.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: { name: 'x', quantity: 11, extra: 1 } });
      expect(bad.statusCode).toBe(400);
      const body = problemOf(bad);
      expect(body.code).toBe('VALIDATION_FAILED');
      const fields = (body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'quantity', 'extra']));
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: { name: 'widget', quantity: 3 } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toEqual({ name: 'widget', quantity: 3 });
    });

    it('answers malformed JSON with 400 and an oversized body with 413, both as problems', async () => {
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/test/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(malformed.statusCode).toBe(400);
      expect(problemOf(malformed).code).toBe('BAD_REQUEST');
      const big = await t.app.inject({
        method: 'POST',
        url: '/api/v1/test/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(t.config.bodyLimitBytes + 10), quantity: 1 }),
      });
      expect(big.statusCode).toBe(413);
      expect(problemOf(big).code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('maps domain errors to their status and code, 503 with Retry-After, and hides internals on 500', async () => {
      const conflict = await t.app.inject({ method: 'GET', url: '/api/v1/test/conflict' });
      expect(conflict.statusCode).toBe(409);
      expect(problemOf(conflict).code).toBe('EMAIL_TAKEN');
      const unavailable = await t.app.inject({ method: 'GET', url: '/api/v1/test/unavailable' });
      expect(unavailable.statusCode).toBe(503);
      expect(unavailable.headers['retry-after']).toBe('7');
      expect(problemOf(unavailable).code).toBe('SERVICE_UNAVAILABLE');
      const crash = await t.app.inject({ method: 'GET', url: '/api/v1/test/crash' });
      expect(crash.statusCode).toBe(500);
      expect(problemOf(crash).code).toBe('INTERNAL_ERROR');
      expect(crash.body).not.toMatch(/hunter2|db\.internal|at .*\.ts/);
    });

    it('serves a valid OpenAPI document and the docs UI', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.info.title).toBeTruthy();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
      const ui = await t.app.inject({ method: 'GET', url: '/docs' });
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toContain('text/html');
    });

    it('exports the request duration histogram by route and status, and process metrics', async () => {
      await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health\/live"[^}]*status_code="200"/);
      expect(res.body).toMatch(/http_request_duration_seconds_count\{[^}]*status_code="404"/);
      expect(res.body).toContain('process_cpu_user_seconds_total');
      expect(res.body).toContain('surge_queue_jobs');
    });

    it('applied the migrations on every DataSource', async () => {
      const registry = t.app.get(DataSourceRegistry);
      expect(registry.names()).toEqual(['users', 'catalog', ...t.config.orderShards.map((s) => s.name)]);
      for (const [, ds] of registry.all()) {
        const rows = await ds.query(`SELECT name FROM surge_migrations`);
        expect(rows.map((r: { name: string }) => r.name)).toContain('CreateSurgeMeta1764000000000');
        expect(await ds.query(`SELECT count(*)::int AS n FROM surge_meta`)).toEqual([{ n: expect.any(Number) }]);
      }
    });
  });
}
