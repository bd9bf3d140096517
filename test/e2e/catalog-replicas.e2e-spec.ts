import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { JWT_SECRET, UsersClient, type Json } from '../support/users-client.js';
import { realEnv } from './env.js';

/**
 * Two monolith replicas sharing the catalog database and Redis: a write through one must be seen
 * through the other at once, although both hold the product in their in-process cache level.
 */
describe('catalog cache across two replicas (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  const ca = new UsersClient(() => a);
  const cb = new UsersClient(() => b);

  beforeAll(async () => {
    const env = { ...realEnv('replicas'), JWT_SECRET, ADMIN_EMAIL: ca.admin.email, ADMIN_PASSWORD: ca.admin.password };
    a = await createTestApp(env);
    b = await createTestApp(env);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.app.close(), b?.app.close()]);
  });

  it('invalidates detail and list pages on every replica after a PATCH', async () => {
    const login = await ca.login(ca.admin.email, ca.admin.password);
    const token = (login.json() as Json).accessToken as string;
    const slug = `replica-${ca.run}`;
    expect((await ca.call('POST', '/admin/categories', { token, body: { slug, name: 'Replica test' } })).statusCode).toBe(201);
    const created = await ca.call('POST', '/admin/products', {
      token,
      body: { sku: `REP-${ca.run}`, name: 'Before', price: { amount: 500, currency: 'USD' }, stock: 3, category: slug },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as Json).id as number;

    // Both replicas load the product (and the category page) into their caches.
    for (const c of [ca, cb]) {
      expect(((await c.call('GET', `/products/${id}`)).json() as Json).name).toBe('Before');
      expect(((await c.call('GET', `/products?category=${slug}`)).json() as Json).items[0].name).toBe('Before');
    }

    const patched = await ca.call('PATCH', `/admin/products/${id}`, { token, body: { name: 'After' } });
    expect(patched.statusCode).toBe(200);

    // Replica B learns through Redis pub/sub; allow the message a moment to arrive.
    const deadline = Date.now() + 2000;
    let seen = '';
    while (Date.now() < deadline) {
      seen = ((await cb.call('GET', `/products/${id}`)).json() as Json).name as string;
      if (seen === 'After') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen).toBe('After');
    expect(((await cb.call('GET', `/products?category=${slug}`)).json() as Json).items[0].name).toBe('After');
  });
});
