import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { CatalogPort } from '@surge/contracts';
import { BucketMap, bucketOfUser, newOrderId, parseOrderId, PaymentProvider } from '@surge/orders';
import { createTestApp, type TestApp } from './test-app.js';
import { JWT_SECRET, problem, sleep, UsersClient, type Json, type Res } from './users-client.js';

type Env = Record<string, string | undefined>;

/**
 * The cart and order routes of shared/API.md, run on the embedded defaults and on real PostgreSQL +
 * Redis. The payment provider fails every other call here (half declined, half "charged but the
 * answer was lost"), so every lifecycle below also proves retries are harmless.
 */
export function describeOrdersContract(label: string, env: () => Env | Promise<Env>, boot: (env: Env) => Promise<TestApp> = createTestApp): void {
  describe(`orders contract (${label})`, () => {
    let t: TestApp;
    const c = new UsersClient(() => t);
    const call = c.call.bind(c);
    let admin = '';
    let category = '';
    let seq = 0;
    const withRedis = (): boolean => t.config.redisUrl !== undefined;

    async function product(fields: Json = {}): Promise<Json> {
      const n = ++seq;
      const res = await call('POST', '/admin/products', {
        token: admin,
        body: { sku: `ORD-${c.run}-${n}`, name: `Thing ${n}`, price: { amount: 1250, currency: 'USD' }, stock: 10, category, ...fields },
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    }

    async function stockOf(id: number): Promise<number> {
      const [p] = await t.db('catalog').query(`SELECT stock FROM products WHERE id = $1`, [id]);
      return p.stock as number;
    }

    async function user(tag = 'buyer'): Promise<{ id: string; token: string }> {
      const session = await c.register(tag);
      return { id: session.user?.id ?? decodeSub(session.accessToken as string), token: session.accessToken as string };
    }

    function decodeSub(token: string): string {
      return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
    }

    /** key null: send no Idempotency-Key. */
    function order(token: string, items: Json[] | undefined, key: string | null = randomUUID()): Promise<Res> {
      return call('POST', '/orders', { token, body: items ? { items } : {}, headers: key === null ? {} : { 'idempotency-key': key } });
    }

    async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = await read();
        if (done(value) || Date.now() > deadline) return value;
        await sleep(50);
      }
    }

    async function rowsOn(orderId: string, sql: string): Promise<Json[]> {
            const shard = t.db(`orders_${BucketMap.even(t.config.orderShards.length).shardOf(parseOrderId(orderId)!.bucket)}`);
      return shard.query(sql, [orderId]);
    }

    beforeAll(async () => {
      t = await boot({
        ...(await env()),
        JWT_SECRET,
        ADMIN_EMAIL: c.admin.email,
        ADMIN_PASSWORD: c.admin.password,
        PAYMENT_FAILURE_RATE: '0.5',
        PAYMENT_LATENCY_MS: '300',
        FULFILMENT_STEP_DELAY_MS: '0',
      });
      admin = await c.adminToken();
      category = `orders-${c.run}`;
      expect((await call('POST', '/admin/categories', { token: admin, body: { slug: category, name: 'Orders' } })).statusCode).toBe(201);
    }, 60_000);

    afterAll(async () => {
      await t?.close();
    });

    describe('cart', () => {
      it('adds, changes, lists with products and total, removes and empties', async () => {
        const u = await user();
        const a = await product({ price: { amount: 500, currency: 'USD' } });
        const b = await product({ price: { amount: 1999, currency: 'USD' } });
        expect((await call('GET', '/cart', { token: u.token })).json()).toEqual({ items: [], total: { amount: 0, currency: 'USD' } });
        expect((await call('PUT', `/cart/items/${a.id}`, { token: u.token, body: { quantity: 2 } })).statusCode).toBe(200);
        const res = await call('PUT', `/cart/items/${b.id}`, { token: u.token, body: { quantity: 1 } });
        expect(res.statusCode).toBe(200);
        expect(res.json().total).toEqual({ amount: 2 * 500 + 1999, currency: 'USD' });
        expect(res.json().items.map((i: Json) => [i.productId, i.quantity, i.product.name])).toEqual([
          [a.id, 2, a.name],
          [b.id, 1, b.name],
        ]);
        const changed = await call('PUT', `/cart/items/${a.id}`, { token: u.token, body: { quantity: 5 } });
        expect(changed.json().total.amount).toBe(5 * 500 + 1999);
        const removed = await call('DELETE', `/cart/items/${b.id}`, { token: u.token });
        expect(removed.statusCode).toBe(200);
        expect(removed.json().items.map((i: Json) => i.productId)).toEqual([a.id]);
        expect((await call('DELETE', '/cart', { token: u.token })).statusCode).toBe(204);
        expect((await call('GET', '/cart', { token: u.token })).json().items).toEqual([]);
      });

      it('validates quantities against the product and its stock; needs a user', async () => {
        const u = await user();
        const p = await product({ stock: 3 });
        const over = problem(await call('PUT', `/cart/items/${p.id}`, { token: u.token, body: { quantity: 4 } }), 409, 'OUT_OF_STOCK');
        expect(over.details.items).toEqual([{ productId: p.id, requested: 4, available: 3 }]);
        problem(await call('PUT', `/cart/items/999999999`, { token: u.token, body: { quantity: 1 } }), 404, 'PRODUCT_NOT_FOUND');
        for (const body of [{ quantity: 0 }, { quantity: 1.5 }, { quantity: 'x' }, {}, { quantity: 1, extra: true }]) {
          problem(await call('PUT', `/cart/items/${p.id}`, { token: u.token, body }), 400, 'VALIDATION_FAILED');
        }
        problem(await call('PUT', `/cart/items/abc`, { token: u.token, body: { quantity: 1 } }), 400, 'VALIDATION_FAILED');
        problem(await call('GET', '/cart'), 401, 'UNAUTHENTICATED');
        expect((await call('GET', '/cart', { token: u.token })).json().items).toEqual([]);
      });
    });

    describe('placing orders', () => {
      it('201 with a snapshot of names, unit prices and the total; stock taken; the cart is ordered and emptied', async () => {
        const u = await user();
        const a = await product({ price: { amount: 1250, currency: 'USD' }, stock: 5 });
        const b = await product({ price: { amount: 300, currency: 'USD' }, stock: 5 });
        const res = await order(u.token, [
          { productId: a.id, quantity: 2 },
          { productId: b.id, quantity: 1 },
        ]);
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(Object.keys(body).sort()).toEqual(['createdAt', 'id', 'items', 'status', 'total', 'updatedAt', 'userId']);
        expect(body).toMatchObject({ userId: u.id, status: 'pending', total: { amount: 2800, currency: 'USD' } });
        expect(typeof body.id).toBe('string');
        expect(body.items).toEqual([
          { productId: a.id, name: a.name, unitPrice: { amount: 1250, currency: 'USD' }, quantity: 2 },
          { productId: b.id, name: b.name, unitPrice: { amount: 300, currency: 'USD' }, quantity: 1 },
        ]);
        expect(await stockOf(a.id)).toBe(3);
        // A later price change does not touch the order.
        await call('PATCH', `/admin/products/${a.id}`, { token: admin, body: { price: { amount: 9999, currency: 'USD' } } });
        expect((await call('GET', `/orders/${body.id}`, { token: u.token })).json().items[0].unitPrice.amount).toBe(1250);

        await call('PUT', `/cart/items/${b.id}`, { token: u.token, body: { quantity: 2 } });
        const fromCart = await order(u.token, undefined);
        expect(fromCart.statusCode).toBe(201);
        expect(fromCart.json().items).toEqual([{ productId: b.id, name: b.name, unitPrice: { amount: 300, currency: 'USD' }, quantity: 2 }]);
        expect((await call('GET', '/cart', { token: u.token })).json().items).toEqual([]);
        problem(await order(u.token, undefined), 400, 'CART_EMPTY');
        const nullItems = await call('POST', '/orders', { token: u.token, body: { items: null }, headers: { 'idempotency-key': randomUUID() } });
        problem(nullItems, 400, 'CART_EMPTY');
      });

      it('400 without an Idempotency-Key or with a bad body; 409 OUT_OF_STOCK names the short items and takes nothing', async () => {
        const u = await user();
        const p = await product({ stock: 2 });
        const q = await product({ stock: 5 });
        problem(await order(u.token, [{ productId: p.id, quantity: 1 }], null), 400, 'VALIDATION_FAILED');
        problem(await order(u.token, [{ productId: p.id, quantity: 1 }], ''), 400, 'VALIDATION_FAILED');
        for (const items of [[], [{ productId: p.id, quantity: 0 }], [{ productId: 'x', quantity: 1 }], [{ productId: p.id }], [{ productId: p.id, quantity: 1001 }]]) {
          problem(await order(u.token, items), 400, 'VALIDATION_FAILED');
        }
        const short = problem(await order(u.token, [{ productId: p.id, quantity: 3 }, { productId: q.id, quantity: 1 }]), 409, 'OUT_OF_STOCK');
        expect(short.details.items).toEqual([{ productId: p.id, requested: 3, available: 2 }]);
        expect([await stockOf(p.id), await stockOf(q.id)]).toEqual([2, 5]);
        problem(await order(u.token, [{ productId: 987654321, quantity: 1 }]), 409, 'OUT_OF_STOCK');
        problem(await call('POST', '/orders', { body: {}, headers: { 'idempotency-key': 'k' } }), 401, 'UNAUTHENTICATED');
      });

      it('concurrent orders for more units than exist: exactly the stock succeeds, it ends at zero, never below', async () => {
        const p = await product({ stock: 10 });
        const buyers = await Promise.all(Array.from({ length: 6 }, () => user('crowd')));
        const results = await Promise.all(buyers.flatMap((b) => Array.from({ length: 4 }, () => order(b.token, [{ productId: p.id, quantity: 1 }]))));
        const codes = results.map((r) => r.statusCode);
        expect(codes.filter((s) => s === 201)).toHaveLength(10);
        expect(codes.filter((s) => s === 409)).toHaveLength(14);
        for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('OUT_OF_STOCK');
        expect(await stockOf(p.id)).toBe(0);
      });

      it('one Idempotency-Key: a replay and two racing requests give one order; another body gets 422', async () => {
        const u = await user();
        const p = await product({ stock: 10 });
        const key = randomUUID();
        const items = [{ productId: p.id, quantity: 2 }];
        const [first, second] = await Promise.all([order(u.token, items, key), order(u.token, items, key)]);
        expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
        expect(second.json().id).toBe(first.json().id);
        const replay = await order(u.token, [{ productId: p.id, quantity: 1 }, { productId: p.id, quantity: 1 }], key);
        expect(replay.statusCode).toBe(201);
        expect(replay.json().id).toBe(first.json().id);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(await stockOf(p.id)).toBe(8);
        problem(await order(u.token, [{ productId: p.id, quantity: 3 }], key), 422, 'IDEMPOTENCY_KEY_REUSED');
        problem(await order(u.token, undefined, key), 422, 'IDEMPOTENCY_KEY_REUSED');
        // Keys belong to their user: the same key from someone else is a new order.
        const other = await user();
        const theirs = await order(other.token, items, key);
        expect(theirs.statusCode).toBe(201);
        expect(theirs.json().id).not.toBe(first.json().id);
        const mine = (await call('GET', '/orders', { token: u.token })).json();
        expect(mine.items.map((o: Json) => o.id)).toEqual([first.json().id]);
        // A refused request frees its key: the same key works once stock is back.
        const scarce = await product({ stock: 0 });
        const retryKey = randomUUID();
        problem(await order(u.token, [{ productId: scarce.id, quantity: 1 }], retryKey), 409, 'OUT_OF_STOCK');
        await call('PUT', `/admin/products/${scarce.id}/stock`, { token: admin, body: { stock: 1 } });
        expect((await order(u.token, [{ productId: scarce.id, quantity: 1 }], retryKey)).statusCode).toBe(201);
      });
      it('a request that died after reserving stock leaks nothing: its expired claim is swept and the stock given back', async () => {
        const u = await user();
        const p = await product({ stock: 6 });
        const orderId = newOrderId(bucketOfUser(u.id));
        // What a crash between reserving and writing leaves behind: a reservation and a pending claim.
        await t.get(CatalogPort).reserveStock(orderId, [{ productId: p.id, quantity: 4 }]);
        const shard = t.db(`orders_${BucketMap.even(t.config.orderShards.length).shardOf(bucketOfUser(u.id))}`);
        await shard.query(
          `INSERT INTO order_requests (user_id, idempotency_key, fingerprint, order_id, leased_until) VALUES ($1, 'crashed', 'x', $2, now() - interval '1 second')`,
          [u.id, orderId],
        );
        expect(await stockOf(p.id)).toBe(2);
        const swept = await until(() => stockOf(p.id), (stock) => stock === 6, 15_000);
        expect(swept).toBe(6);
        expect(await shard.query(`SELECT 1 FROM order_requests WHERE user_id = $1`, [u.id])).toEqual([]);
        // The key is free again and the released reservation id can never take stock.
        expect((await order(u.token, [{ productId: p.id, quantity: 1 }], 'crashed')).statusCode).toBe(201);
        expect((await t.get(CatalogPort).reserveStock(orderId, [{ productId: p.id, quantity: 1 }])).status).toBe('released');
        expect(await stockOf(p.id)).toBe(5);
      }, 30_000);
    });

    describe('reading orders', () => {
      it('own orders newest first with a cursor; someone else’s order is 404 to read and to cancel; admins see it', async () => {
        const owner = await user();
        const stranger = await user();
        const p = await product({ stock: 20 });
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push((await order(owner.token, [{ productId: p.id, quantity: 1 }])).json().id);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: Res = await call('GET', `/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: owner.token });
          expect(res.statusCode).toBe(200);
          seen.push(...res.json().items.map((o: Json) => o.id));
          cursor = res.json().page.nextCursor;
        } while (cursor);
        expect(seen).toEqual([...ids].reverse());
        expect((await call('GET', '/orders', { token: stranger.token })).json().items).toEqual([]);
        for (const path of [`/orders/${ids[0]}`, `/orders/${ids[0]}/invoice`, `/orders/${ids[0]}/tracking`]) {
          problem(await call('GET', path, { token: stranger.token }), 404, 'NOT_FOUND');
        }
        problem(await call('POST', `/orders/${ids[0]}/cancel`, { token: stranger.token }), 404, 'NOT_FOUND');
        expect((await call('GET', `/orders/${ids[0]}`, { token: admin })).json().userId).toBe(owner.id);
        for (const id of ['abc', '0', '123456789012345678901234', '99999999999999']) {
          problem(await call('GET', `/orders/${id}`, { token: owner.token }), 404, 'NOT_FOUND');
        }
        problem(await call('GET', '/orders?cursor=nope', { token: owner.token }), 400, 'VALIDATION_FAILED');
      });

      it('a user’s orders live on the shard of their bucket, and each id names that bucket', async () => {
                const map = BucketMap.even(t.config.orderShards.length);
        const p = await product({ stock: 40 });
        for (let i = 0; i < 6; i++) {
          const u = await user('shard');
          const ids = [];
          for (let j = 0; j < 2; j++) ids.push((await order(u.token, [{ productId: p.id, quantity: 1 }])).json().id as string);
          const home = map.shardOf(bucketOfUser(u.id));
          for (const id of ids) {
            expect(parseOrderId(id)!.bucket).toBe(bucketOfUser(u.id));
            for (const [n, shard] of t.config.orderShards.entries()) {
              const rows = await t.db(shard.name).query(`SELECT user_id FROM orders WHERE id = $1`, [id]);
              expect(rows).toHaveLength(n === home ? 1 : 0);
            }
          }
        }
        expect(t.config.orderShards.length).toBeGreaterThanOrEqual(2);
      });

      it('admin listing pages across every shard newest first, without duplicates or gaps; filters by status; 403 for customers', async () => {
        const p = await product({ stock: 40 });
        const created: string[] = [];
        // Buyers until every shard has one (a user's shard follows from their id), so the merge is real.
        const map = BucketMap.even(t.config.orderShards.length);
        const buyers: { id: string; token: string }[] = [];
        while (new Set(buyers.map((b) => map.shardOf(bucketOfUser(b.id)))).size < t.config.orderShards.length && buyers.length < 40) {
          buyers.push(await user('admin-list'));
        }
        for (let i = 0; i < 12; i++) created.push((await order(buyers[i % buyers.length]!.token, [{ productId: p.id, quantity: 1 }])).json().id);
                let total = 0;
        for (const shard of t.config.orderShards) total += (await t.db(shard.name).query(`SELECT count(*)::int AS n FROM orders`))[0].n;
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res: Res = await call('GET', `/admin/orders?limit=7${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
          expect(res.statusCode).toBe(200);
          seen.push(...res.json().items.map((o: Json) => o.id));
          cursor = res.json().page.nextCursor;
          pages++;
        } while (cursor && pages < 500);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBeGreaterThanOrEqual(total); // orders placed meanwhile by nothing else: equal
        for (let i = 1; i < seen.length; i++) expect(BigInt(seen[i - 1]!) > BigInt(seen[i]!)).toBe(true);
        for (const id of created) expect(seen).toContain(id);
        const perShard = new Set(created.map((id) => map.shardOf(parseOrderId(id)!.bucket)));
        expect(perShard.size).toBe(t.config.orderShards.length);
        const cancelled = await call('GET', '/admin/orders?status=cancelled&limit=100', { token: admin });
        for (const o of cancelled.json().items) expect(o.status).toBe('cancelled');
        problem(await call('GET', '/admin/orders?status=lost', { token: admin }), 400, 'VALIDATION_FAILED');
        problem(await call('GET', '/admin/orders', { token: buyers[0]!.token }), 403, 'FORBIDDEN');
      });
    });

    describe('lifecycle', () => {
      it('runs pending → paid → fulfilled → shipped → delivered through flaky payments: one charge, one payment, one invoice, no duplicate event', async () => {
        const u = await user();
        const p = await product({ stock: 10, price: { amount: 700, currency: 'USD' } });
        const ids = await Promise.all([1, 2, 3].map(async () => (await order(u.token, [{ productId: p.id, quantity: 1 }])).json().id as string));
        for (const id of ids) {
          const done = await until(
            async () => (await call('GET', `/orders/${id}`, { token: u.token })).json(),
            (o) => o.status === 'delivered',
          );
          expect(done.status).toBe('delivered');
          const tracking = (await call('GET', `/orders/${id}/tracking`, { token: u.token })).json();
          expect(tracking.status).toBe('delivered');
          expect(tracking.events.map((e: Json) => e.status)).toEqual(['pending', 'paid', 'fulfilled', 'shipped', 'delivered']);
          expect(tracking.trackingNumber).toMatch(/^SP[0-9A-Z]+$/);
          const invoice = await call('GET', `/orders/${id}/invoice`, { token: u.token });
          expect(invoice.statusCode).toBe(200);
          expect(invoice.json()).toMatchObject({ number: `INV-${id}`, orderId: id, userId: u.id, total: { amount: 700, currency: 'USD' } });
          expect(invoice.json().lines).toEqual([{ productId: p.id, name: p.name, unitPrice: { amount: 700, currency: 'USD' }, quantity: 1, lineTotal: { amount: 700, currency: 'USD' } }]);
          expect(await rowsOn(id, `SELECT charge_id FROM payments WHERE order_id = $1`)).toHaveLength(1);
          expect(await rowsOn(id, `SELECT number FROM invoices WHERE order_id = $1`)).toHaveLength(1);
          expect(await rowsOn(id, `SELECT kind FROM notifications WHERE order_id = $1 AND kind = 'order-confirmed'`)).toHaveLength(1);
          expect((t.get(PaymentProvider) as unknown as { chargesFor(k: string): number }).chargesFor(id)).toBe(1);
        }
        // The provider really failed in both ways along the way, and attempts were retried.
        const calls = (await register.getSingleMetric('surge_payment_provider_calls_total')!.get()).values;
        const count = (outcome: string): number => calls.filter((v) => v.labels.outcome === outcome).reduce((s, v) => s + v.value, 0);
        expect(count('declined')).toBeGreaterThan(0);
        expect(count('lost_response')).toBeGreaterThan(0);
        expect(count('replayed')).toBeGreaterThan(0);
      }, 40_000);

      it('an invoice is 404 INVOICE_NOT_ISSUED until the order is fulfilled', async () => {
        const u = await user();
        const p = await product();
        const id = (await order(u.token, [{ productId: p.id, quantity: 1 }])).json().id;
        problem(await call('GET', `/orders/${id}/invoice`, { token: u.token }), 404, 'INVOICE_NOT_ISSUED');
        const tracking = (await call('GET', `/orders/${id}/tracking`, { token: u.token })).json();
        expect(tracking.events[0]).toMatchObject({ status: 'pending', detail: 'Order placed' });
      });

      it('cancel releases stock at once, refunds a payment, repeats harmlessly, and is 409 once shipped', async () => {
        const u = await user();
        const p = await product({ stock: 4 });
        const id = (await order(u.token, [{ productId: p.id, quantity: 3 }])).json().id;
        expect(await stockOf(p.id)).toBe(1);
        const res = await call('POST', `/orders/${id}/cancel`, { token: u.token });
        expect(res.statusCode).toBe(200);
        expect(res.json().status).toBe('cancelled');
        expect(await stockOf(p.id)).toBe(4);
        expect((await call('POST', `/orders/${id}/cancel`, { token: u.token })).json().status).toBe('cancelled');
        // Whatever the payment job did meanwhile, nothing stays charged and the order stays cancelled.
        await sleep(1500);
        const payments = await rowsOn(id, `SELECT refunded_at FROM payments WHERE order_id = $1`);
        for (const row of payments) expect(row.refunded_at).not.toBeNull();
        expect((await call('GET', `/orders/${id}`, { token: u.token })).json().status).toBe('cancelled');
        expect(await stockOf(p.id)).toBe(4);
        const events = (await call('GET', `/orders/${id}/tracking`, { token: u.token })).json().events.map((e: Json) => e.status);
        expect(events).toEqual(['pending', 'cancelled']);

        const shipped = (await order(u.token, [{ productId: p.id, quantity: 1 }])).json().id;
        await until(async () => (await call('GET', `/orders/${shipped}`, { token: u.token })).json(), (o) => o.status === 'delivered');
        const late = problem(await call('POST', `/orders/${shipped}/cancel`, { token: admin }), 409, 'ORDER_NOT_CANCELLABLE');
        expect(late.details.status).toBe('delivered');
        expect(await stockOf(p.id)).toBe(3);
      }, 30_000);
    });

    describe('flash sale', () => {
      it('a crowd of buyers gets exactly the units there are, each a definite answer; the per-customer limit holds', async () => {
        const p = await product({ stock: 5, flashSale: true });
        const crowd = await Promise.all(Array.from({ length: 12 }, () => user('flash')));
        const results = await Promise.all(crowd.map((b) => order(b.token, [{ productId: p.id, quantity: 1 }])));
        expect(results.filter((r) => r.statusCode === 201)).toHaveLength(5);
        for (const r of results.filter((x) => x.statusCode !== 201)) problem(r, 409, 'OUT_OF_STOCK');
        expect(await stockOf(p.id)).toBe(0);

        // Once sold out, later buyers are answered from the gate, and a replay still gets its order.
        const winner = results.findIndex((r) => r.statusCode === 201);
        const late = await order(crowd[winner]!.token, [{ productId: p.id, quantity: 1 }]);
        expect(problem(late, 409, 'OUT_OF_STOCK').details.items).toEqual([{ productId: p.id, requested: 1, available: 0 }]);

        const limited = await product({ stock: 10, flashSale: true });
        const greedy = await user('greedy');
        expect((await order(greedy.token, [{ productId: limited.id, quantity: 2 }])).statusCode).toBe(201);
        const more = await order(greedy.token, [{ productId: limited.id, quantity: 1 }]);
        if (withRedis()) {
          expect(problem(more, 409, 'PURCHASE_LIMIT_EXCEEDED').details).toEqual({ productId: limited.id, limit: 2, bought: 2 });
          expect(await stockOf(limited.id)).toBe(8);
        } else {
          expect(more.statusCode).toBe(201); // no Redis: the normal path, without a per-customer limit
        }
      }, 30_000);
    });

    describe('operations', () => {
      it('readiness reports every shard; /metrics has queue depth and failed jobs', async () => {
        // The process that runs the orders module: the monolith, or the orders service's own health port.
        const ready = await t.owner('orders').inject({ method: 'GET', url: '/health/ready' });
        expect(ready.statusCode).toBe(200);
        for (const shard of t.config.orderShards) expect(ready.json().details[`db:${shard.name}`].status).toBe('up');
        const metrics = (await t.owner('orders').inject({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toMatch(/surge_queue_jobs\{queue="orders",state="failed"\} \d+/);
        expect(metrics).toMatch(/surge_queue_jobs\{queue="orders",state="waiting"\} \d+/);
        expect(metrics).toMatch(/surge_outbox_pending\{shard="orders_0"\} \d+/);
      });
    });
  });
}
