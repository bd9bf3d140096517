import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CatalogPort, DomainError, OutOfStockError } from '@surge/contracts';
import { createTestApp, type TestApp } from './test-app.js';
import { JWT_SECRET, problem, UsersClient, type Json, type Res } from './users-client.js';

type Env = Record<string, string | undefined>;

/**
 * The catalog routes of shared/API.md and the CatalogPort, run on the embedded defaults and on
 * real PostgreSQL + Redis. Every test makes its own category and products (tagged with the run),
 * so the demo data and other tests never change what it sees.
 */
export function describeCatalogContract(label: string, env: () => Env | Promise<Env>, boot: (env: Env) => Promise<TestApp> = createTestApp): void {
  describe(`catalog contract (${label})`, () => {
    let t: TestApp;
    const c = new UsersClient(() => t);
    const call = c.call.bind(c);
    // Letters only, so the search token is one plain English word to the parser.
    const word = `zq${c.run.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
    let seq = 0;
    let admin = '';
    let customer = '';

    const adminCall = (method: string, url: string, opts: { body?: object; headers?: Json } = {}): Promise<Res> =>
      call(method, url, { ...opts, token: admin });

    async function category(tag: string): Promise<string> {
      const slug = `${tag}-${c.run}-${++seq}`.toLowerCase();
      const res = await adminCall('POST', '/admin/categories', { body: { slug, name: `Category ${slug}` } });
      expect(res.statusCode).toBe(201);
      return slug;
    }

    async function product(categorySlug: string, fields: Json = {}): Promise<Json> {
      const n = ++seq;
      const res = await adminCall('POST', '/admin/products', {
        body: { sku: `SKU-${c.run}-${n}`, name: `Product ${n}`, price: { amount: 1000, currency: 'USD' }, stock: 10, category: categorySlug, ...fields },
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    }

    /** Follows nextCursor to the end; returns the ids in the order served. */
    async function walk(query: string): Promise<{ ids: number[]; pages: number }> {
      const ids: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call('GET', `/products?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        ids.push(...body.items.map((p: Json) => p.id));
        cursor = body.page.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      return { ids, pages };
    }

    beforeAll(async () => {
      t = await boot({ ...(await env()), JWT_SECRET, ADMIN_EMAIL: c.admin.email, ADMIN_PASSWORD: c.admin.password });
      admin = await c.adminToken();
      customer = (await c.register('shopper')).accessToken as string;
    }, 60_000);

    afterAll(async () => {
      await t?.close();
    });

    describe('categories', () => {
      it('admins create categories (409 on a taken slug); everyone lists them', async () => {
        const slug = await category('cat');
        problem(await adminCall('POST', '/admin/categories', { body: { slug, name: 'Again' } }), 409, 'CATEGORY_TAKEN');
        problem(await adminCall('POST', '/admin/categories', { body: { slug: 'Not A Slug', name: 'X' } }), 400, 'VALIDATION_FAILED');
        const res = await call('GET', '/categories');
        expect(res.statusCode).toBe(200);
        expect(res.json().items).toContainEqual({ slug, name: `Category ${slug}` });
        expect(res.json().items).toContainEqual({ slug: 'apparel', name: 'Apparel' }); // demo data
      });
    });

    describe('admin products', () => {
      it('201 with the product shape and an ETag; 409 SKU_TAKEN for a duplicate sku', async () => {
        const slug = await category('create');
        const res = await adminCall('POST', '/admin/products', {
          body: { sku: `NEW-${c.run}`, name: '  Trail Shoe ', description: 'Light', price: { amount: 12999, currency: 'EUR' }, stock: 3, category: slug, flashSale: true },
        });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(Object.keys(body).sort()).toEqual(
          ['active', 'category', 'createdAt', 'description', 'flashSale', 'id', 'name', 'price', 'sku', 'stock', 'updatedAt'].sort(),
        );
        expect(body).toMatchObject({
          sku: `NEW-${c.run}`, name: 'Trail Shoe', description: 'Light', price: { amount: 12999, currency: 'EUR' }, stock: 3,
          category: { slug, name: `Category ${slug}` }, flashSale: true, active: true,
        });
        expect(Number.isInteger(body.id) && body.id > 0).toBe(true);
        expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
        expect(res.headers.etag).toBe(`W/"${body.id}-1"`);
        const dup = await adminCall('POST', '/admin/products', { body: { sku: `NEW-${c.run}`, name: 'X', price: { amount: 1, currency: 'USD' }, category: slug } });
        problem(dup, 409, 'SKU_TAKEN');
      });

      it('400 VALIDATION_FAILED for bad bodies and an unknown category', async () => {
        const slug = await category('bad');
        const base = { sku: `B-${c.run}`, name: 'X', price: { amount: 100, currency: 'USD' }, category: slug };
        const cases: [Json, string][] = [
          [{ ...base, price: { amount: -1, currency: 'USD' } }, 'price.amount'],
          [{ ...base, price: { amount: 1.5, currency: 'USD' } }, 'price.amount'],
          [{ ...base, price: { amount: 100, currency: 'usd' } }, 'price.currency'],
          [{ ...base, stock: -1 }, 'stock'],
          [{ ...base, name: '' }, 'name'],
          [{ ...base, extra: 1 }, 'extra'],
          [{ ...base, price: undefined }, 'price'],
          [{ ...base, category: `nope-${c.run}` }, 'category'],
        ];
        for (const [body, field] of cases) {
          const res = await adminCall('POST', '/admin/products', { body });
          expect(problem(res, 400, 'VALIDATION_FAILED').errors.map((e: Json) => e.field)).toContain(field);
        }
      });

      it('403 for a customer and 401 without a token on every admin route', async () => {
        const slug = await category('guard');
        const p = await product(slug);
        const routes: [string, string, object?][] = [
          ['POST', '/admin/products', { sku: 'x', name: 'x', price: { amount: 1, currency: 'USD' }, category: slug }],
          ['PATCH', `/admin/products/${p.id}`, { name: 'x' }],
          ['DELETE', `/admin/products/${p.id}`],
          ['PUT', `/admin/products/${p.id}/stock`, { stock: 1 }],
          ['POST', '/admin/categories', { slug: 'x', name: 'x' }],
        ];
        for (const [method, url, body] of routes) {
          problem(await call(method, url, { token: customer, body }), 403, 'FORBIDDEN');
          problem(await call(method, url, { body }), 401, 'UNAUTHENTICATED');
        }
      });

      it('PATCH with If-Match: 200 and a new version; 412 PRECONDITION_FAILED when stale; 404 unknown', async () => {
        const slug = await category('patch');
        const p = await product(slug, { name: 'Before' });
        const first = await adminCall('PATCH', `/admin/products/${p.id}`, { body: { name: 'After' }, headers: { 'if-match': `W/"${p.id}-1"` } });
        expect(first.statusCode).toBe(200);
        expect(first.json()).toMatchObject({ id: p.id, name: 'After', sku: p.sku });
        expect(first.headers.etag).toBe(`W/"${p.id}-2"`);
        const stale = await adminCall('PATCH', `/admin/products/${p.id}`, { body: { name: 'Lost' }, headers: { 'if-match': `W/"${p.id}-1"` } });
        problem(stale, 412, 'PRECONDITION_FAILED');
        problem(await adminCall('PATCH', `/admin/products/${p.id}`, { body: { name: 'Lost' }, headers: { 'if-match': '"garbage"' } }), 412, 'PRECONDITION_FAILED');
        const strong = await adminCall('PATCH', `/admin/products/${p.id}`, { body: { price: { amount: 2500, currency: 'USD' } }, headers: { 'if-match': `"${p.id}-2"` } });
        expect(strong.statusCode).toBe(200);
        const blind = await adminCall('PATCH', `/admin/products/${p.id}`, { body: { description: 'No If-Match' } });
        expect(blind.statusCode).toBe(200);
        expect(blind.json()).toMatchObject({ name: 'After', description: 'No If-Match', price: { amount: 2500, currency: 'USD' } });
        expect(blind.headers.etag).toBe(`W/"${p.id}-4"`);
        problem(await adminCall('PATCH', '/admin/products/999999999', { body: { name: 'x' } }), 404, 'NOT_FOUND');
        problem(await adminCall('PATCH', `/admin/products/${p.id}`, { body: { stock: 5 } }), 400, 'VALIDATION_FAILED');
        const other = await product(slug);
        problem(await adminCall('PATCH', `/admin/products/${other.id}`, { body: { sku: p.sku } }), 409, 'SKU_TAKEN');
      });

      it('PUT stock sets the stock (200); 400 for a negative stock; 404 unknown', async () => {
        const p = await product(await category('stock'), { stock: 1 });
        const res = await adminCall('PUT', `/admin/products/${p.id}/stock`, { body: { stock: 42 } });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ id: p.id, stock: 42 });
        expect((await call('GET', `/products/${p.id}`)).json().stock).toBe(42);
        problem(await adminCall('PUT', `/admin/products/${p.id}/stock`, { body: { stock: -1 } }), 400, 'VALIDATION_FAILED');
        problem(await adminCall('PUT', `/admin/products/${p.id}/stock`, { body: {} }), 400, 'VALIDATION_FAILED');
        problem(await adminCall('PUT', '/admin/products/999999999/stock', { body: { stock: 1 } }), 404, 'NOT_FOUND');
      });

      it('DELETE deactivates (204): gone from the list and the detail (404); unknown id 404', async () => {
        const slug = await category('del');
        const keep = await product(slug);
        const gone = await product(slug);
        expect((await call('GET', `/products/${gone.id}`)).statusCode).toBe(200); // now cached
        expect((await walk(`category=${slug}`)).ids.sort()).toEqual([keep.id, gone.id].sort()); // list cached too
        const res = await adminCall('DELETE', `/admin/products/${gone.id}`);
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
        problem(await call('GET', `/products/${gone.id}`), 404, 'NOT_FOUND');
        expect((await walk(`category=${slug}`)).ids).toEqual([keep.id]);
        expect((await adminCall('DELETE', `/admin/products/${gone.id}`)).statusCode).toBe(204);
        problem(await adminCall('DELETE', '/admin/products/999999999'), 404, 'NOT_FOUND');
        const back = await adminCall('PATCH', `/admin/products/${gone.id}`, { body: { active: true } });
        expect(back.json().active).toBe(true);
        expect((await call('GET', `/products/${gone.id}`)).statusCode).toBe(200);
      });
    });

    describe('product detail', () => {
      it('200 with ETag; 304 with no body on a matching If-None-Match; 200 again after a change', async () => {
        const p = await product(await category('etag'));
        const res = await call('GET', `/products/${p.id}`);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual(p);
        const etag = String(res.headers.etag);
        expect(etag).toBe(`W/"${p.id}-1"`);
        const cached = await call('GET', `/products/${p.id}`, { headers: { 'if-none-match': etag } });
        expect(cached.statusCode).toBe(304);
        expect(cached.body).toBe('');
        expect(cached.headers.etag).toBe(etag);
        expect((await call('GET', `/products/${p.id}`, { headers: { 'if-none-match': `"${p.id}-1", W/"x"` } })).statusCode).toBe(304);
        expect((await call('GET', `/products/${p.id}`, { headers: { 'if-none-match': `W/"${p.id}-7"` } })).statusCode).toBe(200);
        await adminCall('PATCH', `/admin/products/${p.id}`, { body: { name: 'Changed' } });
        const fresh = await call('GET', `/products/${p.id}`, { headers: { 'if-none-match': etag } });
        expect(fresh.statusCode).toBe(200);
        expect(fresh.json().name).toBe('Changed');
        expect(fresh.headers.etag).toBe(`W/"${p.id}-2"`);
      });

      it('404 NOT_FOUND for an unknown id (also when asked twice, i.e. cached), then 200 once it exists', async () => {
        problem(await call('GET', '/products/2000000000'), 404, 'NOT_FOUND');
        problem(await call('GET', '/products/2000000000'), 404, 'NOT_FOUND');
        problem(await call('GET', '/products/abc'), 400, 'VALIDATION_FAILED');
        problem(await call('GET', '/products/0'), 400, 'VALIDATION_FAILED');
      });

      it('a PATCH is visible at once in the detail and in list and search pages (cache invalidation)', async () => {
        const slug = await category('inval');
        const p = await product(slug, { name: 'Stale name', price: { amount: 700, currency: 'USD' } });
        expect((await call('GET', `/products/${p.id}`)).json().name).toBe('Stale name');
        const listed = (await call('GET', `/products?category=${slug}`)).json();
        expect(listed.items[0].name).toBe('Stale name');
        await adminCall('PATCH', `/admin/products/${p.id}`, { body: { name: `Fresh ${word}x`, price: { amount: 900, currency: 'USD' } } });
        expect((await call('GET', `/products/${p.id}`)).json()).toMatchObject({ name: `Fresh ${word}x`, price: { amount: 900 } });
        expect((await call('GET', `/products?category=${slug}`)).json().items[0]).toMatchObject({ name: `Fresh ${word}x`, price: { amount: 900 } });
        expect((await call('GET', `/products?q=${word}x`)).json().items.map((i: Json) => i.id)).toEqual([p.id]);
      });
    });

    describe('listing', () => {
      let slug: string;
      let made: Json[];
      // Two equal prices check the id tie-break; names are distinct.
      const specs = [
        { name: 'delta', price: 300, stock: 0 },
        { name: 'alpha', price: 100, stock: 5 },
        { name: 'echo', price: 300, stock: 2 },
        { name: 'charlie', price: 50, stock: 0 },
        { name: 'bravo', price: 999, stock: 1 },
        { name: 'golf', price: 700, stock: 9 },
        { name: 'foxtrot', price: 120, stock: 3 },
      ];

      beforeAll(async () => {
        slug = await category('list');
        made = [];
        for (const s of specs) made.push(await product(slug, { name: `${s.name} item`, price: { amount: s.price, currency: 'USD' }, stock: s.stock }));
      });

      const ids = (xs: Json[]): number[] => xs.map((p) => p.id);
      const by = (key: (p: Json) => number | string, dir: 1 | -1) => (a: Json, b: Json) => {
        const [ka, kb] = [key(a), key(b)];
        return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * dir;
      };

      it('sorts by every key, walking all cursor pages without duplicates or gaps', async () => {
        const expected: Record<string, number[]> = {
          price: ids([...made].sort(by((p) => p.price.amount, 1))),
          '-price': ids([...made].sort(by((p) => p.price.amount, -1))),
          name: ids([...made].sort(by((p) => p.name, 1))),
          '-name': ids([...made].sort(by((p) => p.name, -1))),
          createdAt: ids(made),
          '-createdAt': ids([...made].reverse()),
        };
        for (const [sort, order] of Object.entries(expected)) {
          const { ids: seen, pages } = await walk(`category=${slug}&limit=3&sort=${sort}`);
          expect({ sort, seen }).toEqual({ sort, seen: order });
          expect(pages).toBe(3);
        }
        expect((await walk(`category=${slug}`)).ids).toEqual(expected['-createdAt']); // the default
      });

      it('page=N gives offset pages with number and total', async () => {
        const res = await call('GET', `/products?category=${slug}&sort=price&limit=3&page=2`);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        const byPrice = ids([...made].sort(by((p) => p.price.amount, 1)));
        expect(ids(body.items)).toEqual(byPrice.slice(3, 6));
        expect(body.page).toMatchObject({ limit: 3, number: 2, total: 7 });
        const last = (await call('GET', `/products?category=${slug}&sort=price&limit=3&page=3`)).json();
        expect(ids(last.items)).toEqual(byPrice.slice(6));
        expect(last.page).toMatchObject({ number: 3, total: 7, nextCursor: null });
        const first = (await call('GET', `/products?category=${slug}&limit=20`)).json();
        expect(first.page).toEqual({ limit: 20, nextCursor: null });
      });

      it('filters by price range, stock and category', async () => {
        const pick = (f: (s: (typeof specs)[number]) => boolean): number[] => made.filter((_, i) => f(specs[i]!)).map((p) => p.id).sort();
        const get = async (q: string): Promise<number[]> => (await walk(`category=${slug}&${q}`)).ids.sort();
        expect(await get('minPrice=120&maxPrice=300')).toEqual(pick((s) => s.price >= 120 && s.price <= 300));
        expect(await get('minPrice=700')).toEqual(pick((s) => s.price >= 700));
        expect(await get('maxPrice=100')).toEqual(pick((s) => s.price <= 100));
        expect(await get('inStock=true')).toEqual(pick((s) => s.stock > 0));
        expect(await get('inStock=false')).toEqual(pick((s) => s.stock === 0));
        expect(await get('inStock=true&maxPrice=300&sort=-price')).toEqual(pick((s) => s.stock > 0 && s.price <= 300));
        expect((await call('GET', `/products?category=no-such-${c.run}`)).json().items).toEqual([]);
        const everything = (await call('GET', '/products?limit=100')).json().items;
        expect(everything.every((p: Json) => p.active)).toBe(true);
      });

      it('400 VALIDATION_FAILED for bad parameters', async () => {
        const other = (await call('GET', `/products?category=${slug}&limit=2&sort=price`)).json().page.nextCursor;
        const bad: [string, string][] = [
          ['limit=0', 'limit'],
          ['limit=101', 'limit'],
          ['limit=abc', 'limit'],
          ['limit=2.5', 'limit'],
          ['page=0', 'page'],
          ['sort=popularity', 'sort'],
          ['minPrice=-1', 'minPrice'],
          ['maxPrice=x', 'maxPrice'],
          ['minPrice=500&maxPrice=100', 'minPrice'],
          ['inStock=maybe', 'inStock'],
          ['category=Not%20A%20Slug', 'category'],
          ['cursor=bogus', 'cursor'],
          [`cursor=${encodeURIComponent(other)}&sort=name`, 'cursor'],
          [`cursor=${encodeURIComponent(other)}&sort=price&page=2`, 'page'],
          ['color=red', 'color'],
        ];
        for (const [query, field] of bad) {
          const res = await call('GET', `/products?${query}`);
          expect({ query, fields: problem(res, 400, 'VALIDATION_FAILED').errors.map((e: Json) => e.field) }).toEqual({ query, fields: expect.arrayContaining([field]) });
        }
      });
    });

    describe('search', () => {
      it('q matches name and description, ranks name matches first, and pages by relevance', async () => {
        const slug = await category('search');
        const inDescription = await product(slug, { name: 'Plain widget', description: `Goes well with a ${word}` });
        const inName = await product(slug, { name: `${word} deluxe`, description: 'The best one' });
        const inBoth = await product(slug, { name: `${word} classic`, description: `A ${word} for every ${word} fan` });
        await product(slug, { name: 'Unrelated', description: 'Nothing to see' });
        const res = await call('GET', `/products?q=${word}`);
        expect(res.statusCode).toBe(200);
        const found = res.json().items.map((p: Json) => p.id);
        expect(found).toHaveLength(3);
        expect(found[0]).toBe(inBoth.id);
        expect(found.indexOf(inName.id)).toBeLessThan(found.indexOf(inDescription.id));
        expect((await walk(`q=${word}&limit=1`)).ids).toEqual(found);
        expect((await walk(`q=${encodeURIComponent(`${word} -deluxe`)}&limit=2`)).ids.sort()).toEqual([inDescription.id, inBoth.id].sort());
        expect((await walk(`q=${word}&sort=name&limit=2`)).ids).toEqual([inName.id, inBoth.id, inDescription.id].sort((a, b) => {
          const name = (id: number) => ({ [inName.id]: `${word} deluxe`, [inBoth.id]: `${word} classic`, [inDescription.id]: 'Plain widget' })[id]!;
          return name(a) < name(b) ? -1 : 1;
        }));
        expect((await call('GET', `/products?q=${word}&page=1&limit=2`)).json().page).toMatchObject({ number: 1, total: 3 });
        expect((await call('GET', `/products?q=${word}nothing`)).json().items).toEqual([]);
        expect((await call('GET', '/products?q=the')).json().items).toEqual([]); // only a stop word
      });
    });

    describe('CatalogPort', () => {
      const port = (): CatalogPort => t.get(CatalogPort);
      const stockOf = async (id: number): Promise<number> => (await port().getProducts([id]))[0]!.stock;

      it('getProducts returns active products in the order asked, skipping unknown and inactive ids', async () => {
        const slug = await category('port');
        const [a, b, gone] = [await product(slug), await product(slug), await product(slug)];
        await adminCall('DELETE', `/admin/products/${gone.id}`);
        const got = await port().getProducts([b.id, 999999999, gone.id, a.id]);
        expect(got.map((p) => p.id)).toEqual([b.id, a.id]);
        expect(got[0]).toEqual(b);
      });

      it('50 concurrent reservations of 1 unit on a stock of 20: exactly 20 succeed, stock ends at 0', async () => {
        const p = await product(await category('rush'), { stock: 20 });
        expect((await call('GET', `/products/${p.id}`)).json().stock).toBe(20); // cached view
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => port().reserveStock(`rush-${c.run}-${i}`, [{ productId: p.id, quantity: 1 }])),
        );
        const ok = outcomes.filter((o) => o.status === 'fulfilled');
        const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(ok).toHaveLength(20);
        expect(failed).toHaveLength(30);
        for (const error of failed) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).toData()).toMatchObject({ kind: 'conflict', code: 'OUT_OF_STOCK' });
        }
        expect(await stockOf(p.id)).toBe(0);
        expect((await call('GET', `/products/${p.id}`)).json().stock).toBe(0); // the cached view was dropped
      }, 60_000);

      it('all or nothing: one short item fails the whole reservation, naming the short items', async () => {
        const slug = await category('aon');
        const a = await product(slug, { stock: 5 });
        const b = await product(slug, { stock: 1 });
        const error = await port()
          .reserveStock(`aon-${c.run}`, [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 2 }, { productId: 999999999, quantity: 1 }])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OutOfStockError);
        expect((error as DomainError).toData().details).toEqual({
          items: [
            { productId: b.id, requested: 2, available: 1 },
            { productId: 999999999, requested: 1, available: 0 },
          ],
        });
        expect(await stockOf(a.id)).toBe(5);
        expect(await stockOf(b.id)).toBe(1);
        // The failed id was not recorded: a later attempt with the same id can still succeed.
        const ok = await port().reserveStock(`aon-${c.run}`, [{ productId: a.id, quantity: 2 }, { productId: a.id, quantity: 1 }]);
        expect(ok).toEqual({ reservationId: `aon-${c.run}`, status: 'reserved', items: [{ productId: a.id, quantity: 3 }] });
        expect(await stockOf(a.id)).toBe(2);
        await expect(port().reserveStock(`bad-${c.run}`, [])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(port().reserveStock(`bad-${c.run}`, [{ productId: a.id, quantity: 0 }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      });

      it('reserve and release are idempotent per reservation id, also when retried concurrently', async () => {
        const p = await product(await category('idem'), { stock: 10 });
        const id = `idem-${c.run}`;
        const items = [{ productId: p.id, quantity: 3 }];
        const results = await Promise.all(Array.from({ length: 5 }, () => port().reserveStock(id, items)));
        for (const r of results) expect(r).toEqual({ reservationId: id, status: 'reserved', items });
        expect(await stockOf(p.id)).toBe(7);
        expect(await port().reserveStock(id, items)).toEqual({ reservationId: id, status: 'reserved', items });
        expect(await stockOf(p.id)).toBe(7);
        const released = await Promise.all([port().releaseStock(id), port().releaseStock(id), port().releaseStock(id)]);
        for (const r of released) expect(r).toEqual({ reservationId: id, status: 'released', items });
        expect(await stockOf(p.id)).toBe(10);
        expect(await port().releaseStock(id)).toMatchObject({ status: 'released' });
        expect(await port().reserveStock(id, items)).toMatchObject({ status: 'released' }); // no second life
        expect(await stockOf(p.id)).toBe(10);
        expect((await call('GET', `/products/${p.id}`)).json().stock).toBe(10);
      });

      it('a release before its reserve (a late retry) leaves the reserve with nothing to take', async () => {
        const p = await product(await category('late'), { stock: 4 });
        const id = `late-${c.run}`;
        expect(await port().releaseStock(id)).toEqual({ reservationId: id, status: 'released', items: [] });
        expect(await port().reserveStock(id, [{ productId: p.id, quantity: 1 }])).toMatchObject({ status: 'released', items: [] });
        expect(await stockOf(p.id)).toBe(4);
      });
    });
  });
}
