import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSplitTestApp, type TestApp } from '../support/test-app.js';
import { JWT_SECRET } from '../support/users-client.js';
import { realEnv } from './env.js';

/** What the split topology adds around the shared HTTP contract: discovery, health per process, metrics per service and method. */
describe('split topology: gateway and service operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createSplitTestApp({ ...realEnv('split-gateway'), JWT_SECRET });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it("reports each service's live consumers in the gateway's readiness, and no database of its own", async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    const details = ready.json().details;
    for (const service of ['catalog', 'orders', 'users']) {
      expect(details.services[service].live).toBe(1);
      expect(details.services[service].consumers).toHaveLength(1);
    }
    expect(Object.keys(details).filter((k) => k.startsWith('db:'))).toEqual([]);
  });

  it('gives every service its own /health and /metrics, over its own databases only', async () => {
    const dbs = { catalog: ['db:catalog'], users: ['db:users'], orders: t.config.orderShards.map((s) => `db:${s.name}`) };
    for (const [service, names] of Object.entries(dbs)) {
      const owner = t.owner(service as keyof typeof dbs);
      expect((await owner.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      const ready = await owner.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(Object.keys(ready.json().details).filter((k) => k.startsWith('db:'))).toEqual(names);
      expect((await owner.inject({ method: 'GET', url: '/metrics' })).body).toContain('surge_transport_requests_total');
      // No API on a service's HTTP port.
      expect((await owner.inject({ method: 'GET', url: '/api/v1/products' })).statusCode).toBe(404);
    }
  });

  it("shows the queue dashboard on the orders service's port, to admins only", async () => {
    const res = await t.owner('orders').inject({ method: 'GET', url: '/admin/queues' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('exports breaker state and call latency per service and method', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/products?limit=1' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/products/999999999' })).statusCode).toBe(404);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/surge_breaker_state\{service="catalog"\} 0/);
    expect(metrics).toMatch(/surge_remote_call_duration_seconds_count\{service="catalog",method="listProducts",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/surge_remote_call_duration_seconds_count\{service="catalog",method="getProduct",outcome="domain_error"\} [1-9]/);
  });
});
