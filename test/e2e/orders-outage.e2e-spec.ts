import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { JWT_SECRET, sleep, UsersClient, type Json } from '../support/users-client.js';
import { realEnv } from './env.js';

/**
 * Redis (queues, cache, cart) goes away between accepting an order and queueing its first job.
 * The order and its outbox row are in PostgreSQL, so the order is accepted anyway; the relay keeps
 * its job until Redis answers again, and then the order is processed.
 */
describe('orders while Redis is unreachable (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  const c = new UsersClient(() => t);

  beforeAll(async () => {
    const env = realEnv('orders-outage');
    const redis = new URL(env.REDIS_URL!);
    proxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379)).start();
    t = await createTestApp({
      ...env,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      JWT_SECRET,
      ADMIN_EMAIL: c.admin.email,
      ADMIN_PASSWORD: c.admin.password,
      PAYMENT_LATENCY_MS: '0',
      FULFILMENT_STEP_DELAY_MS: '60000',
    });
  }, 60_000);

  afterAll(async () => {
    proxy?.up();
    await t?.app.close();
    await proxy?.stop();
  });

  it('accepts the order, reports not ready, and processes it once Redis is back', async () => {
    const admin = await c.adminToken();
    const buyer = (await c.register('outage')).accessToken as string;
    const slug = `outage-${c.run}`;
    await c.call('POST', '/admin/categories', { token: admin, body: { slug, name: 'Outage' } });
    const product: Json = (
      await c.call('POST', '/admin/products', {
        token: admin,
        body: { sku: `OUT-${c.run}`, name: 'Umbrella', price: { amount: 900, currency: 'USD' }, stock: 5, category: slug },
      })
    ).json();

    proxy.down();
    const placed = await c.call('POST', '/orders', {
      token: buyer,
      body: { items: [{ productId: product.id, quantity: 2 }] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(placed.statusCode).toBe(201);
    const id = placed.json().id as string;

    // The cart lives in Redis: an honest 503, not a 500 or a hang.
    const cart = await c.call('GET', '/cart', { token: buyer });
    expect(cart.statusCode).toBe(503);
    expect(cart.headers['retry-after']).toBeDefined();

    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBeDefined();
    expect(ready.json().failing).toEqual(expect.arrayContaining(['redis']));

    await sleep(2500); // several relay rounds fail meanwhile
    expect((await c.call('GET', `/orders/${id}`, { token: buyer })).json().status).toBe('pending');

    proxy.up();
    const deadline = Date.now() + 30_000;
    let status = 'pending';
    while (status !== 'fulfilled' && Date.now() < deadline) {
      await sleep(200);
      status = (await c.call('GET', `/orders/${id}`, { token: buyer })).json().status;
    }
    expect(status).toBe('fulfilled'); // paid, invoiced, waiting FULFILMENT_STEP_DELAY_MS to ship
    const events = (await c.call('GET', `/orders/${id}/tracking`, { token: buyer })).json().events.map((e: Json) => e.status);
    expect(events).toEqual(['pending', 'paid', 'fulfilled']);
  }, 60_000);
});
