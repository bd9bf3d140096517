import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { BootstrapAdminUseCase, DEMO_CUSTOMER } from '@surge/users';
import { createTestApp, type TestApp } from './test-app.js';
import { b64, decode, JWT_SECRET, PASSWORD, problem, sign, sleep, UsersClient, type Json, type Res } from './users-client.js';

type Env = Record<string, string | undefined>;

/**
 * The users and auth routes of shared/API.md, run on the embedded defaults and on real
 * PostgreSQL + Redis. Rate limits are small and short so the suite can trip and outwait them.
 */
export function describeUsersContract(label: string, env: () => Env | Promise<Env>, boot: (env: Env) => Promise<TestApp> = createTestApp): void {
  describe(`users contract (${label})`, () => {
    let t: TestApp;
    const c = new UsersClient(() => t);
    const { run, admin } = c;
    const email = (tag: string): string => c.email(tag);
    const nextIp = (): string => c.nextIp();
    const call = c.call.bind(c);
    const register = c.register.bind(c);
    const login = c.login.bind(c);
    const refresh = c.refresh.bind(c);
    const adminToken = c.adminToken.bind(c);

    beforeAll(async () => {
      t = await boot({
        ...(await env()),
        JWT_SECRET,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        AUTH_IP_RATE_LIMIT: '4/2',
        AUTH_EMAIL_RATE_LIMIT: '3/2',
      });
    }, 60_000);

    afterAll(async () => {
      await t?.close();
    });

    describe('register', () => {
      it('201 with the user, a token pair and expiresIn; the email is stored lower-case', async () => {
        const address = email('Mixed.Case');
        const res = await call('POST', '/auth/register', { body: { email: address, password: PASSWORD, name: '  Ada Lovelace ' } });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(Object.keys(body.user).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
        expect(body.user).toMatchObject({ email: address.toLowerCase(), name: 'Ada Lovelace', role: 'customer' });
        expect(body.user.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(new Date(body.user.createdAt).toISOString()).toBe(body.user.createdAt);
        expect(body).toMatchObject({ expiresIn: 900, tokenType: 'Bearer' });
        expect(typeof body.accessToken).toBe('string');
        expect(body.refreshToken).toMatch(/^[\w-]{40,}$/);
        expect(res.body).not.toMatch(/password|argon2/i);
      });

      it('409 EMAIL_TAKEN for a registered email, also spelled with other case', async () => {
        const { email: address } = await register('dup');
        const again = await call('POST', '/auth/register', { body: { email: address, password: PASSWORD, name: 'Again' } });
        problem(again, 409, 'EMAIL_TAKEN');
        const upper = await call('POST', '/auth/register', { body: { email: address.toUpperCase(), password: PASSWORD, name: 'Again' } });
        problem(upper, 409, 'EMAIL_TAKEN');
      });

      it('400 VALIDATION_FAILED for weak passwords, a malformed email, a missing name and unknown fields', async () => {
        for (const password of ['short1', 'password123', 'aaaaaaaaaaaa', 'onlyletterspassword']) {
          const res = await call('POST', '/auth/register', { body: { email: email('weak'), password, name: 'Weak' } });
          const body = problem(res, 400, 'VALIDATION_FAILED');
          expect(body.errors.map((e: Json) => e.field)).toContain('password');
        }
        const malformed = await call('POST', '/auth/register', { body: { email: 'not-an-email', password: PASSWORD, name: 'X' } });
        expect(problem(malformed, 400, 'VALIDATION_FAILED').errors.map((e: Json) => e.field)).toContain('email');
        const missing = await call('POST', '/auth/register', { body: { email: email('noname'), password: PASSWORD, extra: true } });
        const fields = problem(missing, 400, 'VALIDATION_FAILED').errors.map((e: Json) => e.field);
        expect(fields).toEqual(expect.arrayContaining(['name', 'extra']));
      });
    });

    describe('login', () => {
      it('200 with a Bearer pair; the access token is HS256 with sub, role, iat, exp (15 min), iss, aud', async () => {
        const { email: address, user } = await register('login');
        const res = await login(address.toUpperCase(), PASSWORD);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
        expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
        expect(decode(body.accessToken, 0)).toMatchObject({ alg: 'HS256' });
        const claims = decode(body.accessToken, 1);
        expect(claims).toMatchObject({ sub: user.id, role: 'customer', iss: 'surge', aud: 'surge-api' });
        expect(claims.exp - claims.iat).toBe(900);
      });

      it('401 INVALID_CREDENTIALS with identical bodies for an unknown email and a wrong password, in similar time', async () => {
        const { email: address } = await register('enum');
        const timed = async (address: string, password: string): Promise<[Res, number]> => {
          const start = performance.now();
          const res = await login(address, password);
          return [res, performance.now() - start];
        };
        const wrong: [Res, number][] = [];
        const unknown: [Res, number][] = [];
        for (let i = 0; i < 3; i++) {
          wrong.push(await timed(address, 'Wrong-pass-123'));
          unknown.push(await timed(email('nobody'), 'Wrong-pass-123'));
        }
        for (const [res] of [...wrong, ...unknown]) problem(res, 401, 'INVALID_CREDENTIALS');
        expect(unknown[0]![0].body).toBe(wrong[0]![0].body);
        expect(unknown[0]![0].headers['content-type']).toBe(wrong[0]![0].headers['content-type']);
        const median = (xs: [Res, number][]): number => xs.map(([, ms]) => ms).sort((a, b) => a - b)[1]!;
        // Both verify one argon2id hash; an unknown email must not answer markedly faster.
        expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
      });

      it('logs in the seeded demo customer and the bootstrapped admin', async () => {
        expect((await login(DEMO_CUSTOMER.email, DEMO_CUSTOMER.password)).statusCode).toBe(200);
        const token = await adminToken();
        expect(decode(token, 1).role).toBe('admin');
      });
    });

    describe('access tokens', () => {
      it('401 UNAUTHENTICATED without a token and INVALID_TOKEN for a malformed header', async () => {
        problem(await call('GET', '/users/me'), 401, 'UNAUTHENTICATED');
        problem(await call('GET', '/users/me', { headers: { authorization: 'Basic abc' } }), 401, 'INVALID_TOKEN');
        problem(await call('GET', '/users/me', { token: 'garbage' }), 401, 'INVALID_TOKEN');
      });

      it('401 INVALID_TOKEN for tampered, expired, wrong-algorithm and foreign tokens', async () => {
        const { accessToken, user } = await register('tokens');
        expect((await call('GET', '/users/me', { token: accessToken })).statusCode).toBe(200);
        const now = Math.floor(Date.now() / 1000);
        const claims = { sub: user.id, role: 'customer', iat: now, exp: now + 900, iss: 'surge', aud: 'surge-api' };
        const [h, , s] = accessToken.split('.');
        const forged = [
          `${h}.${b64({ ...decode(accessToken, 1), role: 'admin' })}.${s}`, // tampered
          sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 1000, exp: now - 60 }), // expired
          sign({ alg: 'HS512', typ: 'JWT' }, claims, 'sha512'), // other algorithm, same secret
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, // unsigned
          sign({ alg: 'HS256', typ: 'JWT' }, claims, 'sha256', 'some-other-secret-some-other-secret-xx'),
          sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'elsewhere' }),
        ];
        for (const token of forged) problem(await call('GET', '/users/me', { token }), 401, 'INVALID_TOKEN');
        // Control: the same claims signed properly pass.
        expect((await call('GET', '/users/me', { token: sign({ alg: 'HS256', typ: 'JWT' }, claims) })).statusCode).toBe(200);
      });
    });

    describe('users/me', () => {
      it('GET returns the profile; PATCH changes the name', async () => {
        const { accessToken, user } = await register('me');
        const me = await call('GET', '/users/me', { token: accessToken });
        expect(me.statusCode).toBe(200);
        expect(me.json()).toEqual(user);
        const patched = await call('PATCH', '/users/me', { token: accessToken, body: { name: 'Renamed' } });
        expect(patched.statusCode).toBe(200);
        expect(patched.json()).toEqual({ ...user, name: 'Renamed' });
        problem(await call('PATCH', '/users/me', { token: accessToken, body: { role: 'admin' } }), 400, 'VALIDATION_FAILED');
      });

      it('changes the password only with the current one, then revokes the old sessions', async () => {
        const { email: address, accessToken, refreshToken } = await register('pw');
        const missing = await call('PATCH', '/users/me', { token: accessToken, body: { password: 'Brand-new-pass-7' } });
        expect(problem(missing, 400, 'VALIDATION_FAILED').errors.map((e: Json) => e.field)).toContain('currentPassword');
        const wrong = await call('PATCH', '/users/me', { token: accessToken, body: { password: 'Brand-new-pass-7', currentPassword: 'Nope-nope-123' } });
        problem(wrong, 400, 'INCORRECT_CURRENT_PASSWORD');
        const weak = await call('PATCH', '/users/me', { token: accessToken, body: { password: 'short', currentPassword: PASSWORD } });
        problem(weak, 400, 'VALIDATION_FAILED');
        const ok = await call('PATCH', '/users/me', { token: accessToken, body: { password: 'Brand-new-pass-7', currentPassword: PASSWORD } });
        expect(ok.statusCode).toBe(200);
        expect(ok.body).not.toMatch(/password|argon2/i);
        problem(await login(address, PASSWORD), 401, 'INVALID_CREDENTIALS');
        expect((await login(address, 'Brand-new-pass-7')).statusCode).toBe(200);
        problem(await refresh(refreshToken), 401, 'INVALID_REFRESH_TOKEN');
      });
    });

    describe('refresh and logout', () => {
      it('rotates: a new pair, the old refresh token stops working, and reuse revokes the whole family', async () => {
        const { email: address, refreshToken: first } = await register('rotate');
        const r1 = await refresh(first);
        expect(r1.statusCode).toBe(200);
        const second = r1.json();
        expect(second).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
        expect(second.refreshToken).not.toBe(first);
        const r2 = await refresh(second.refreshToken);
        expect(r2.statusCode).toBe(200);
        const third = r2.json().refreshToken;

        const otherSession = (await login(address, PASSWORD)).json().refreshToken;
        problem(await refresh(first), 401, 'INVALID_REFRESH_TOKEN'); // reuse of a used token
        problem(await refresh(third), 401, 'INVALID_REFRESH_TOKEN'); // its family is revoked
        problem(await refresh(second.refreshToken), 401, 'INVALID_REFRESH_TOKEN');
        expect((await refresh(otherSession)).statusCode).toBe(200); // another login's family lives on
        problem(await refresh('made-up-token'), 401, 'INVALID_REFRESH_TOKEN');
        problem(await call('POST', '/auth/refresh', { body: {} }), 400, 'VALIDATION_FAILED');
      });

      it('logout needs a user, answers 204 and ends that session only', async () => {
        const { email: address, accessToken, refreshToken } = await register('logout');
        const other = (await login(address, PASSWORD)).json().refreshToken;
        problem(await call('POST', '/auth/logout', { body: { refreshToken } }), 401, 'UNAUTHENTICATED');
        const res = await call('POST', '/auth/logout', { token: accessToken, body: { refreshToken } });
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
        problem(await refresh(refreshToken), 401, 'INVALID_REFRESH_TOKEN');
        expect((await refresh(other)).statusCode).toBe(200);
        expect((await call('POST', '/auth/logout', { token: accessToken, body: { refreshToken } })).statusCode).toBe(204);
      });
    });

    describe('admin', () => {
      it('403 FORBIDDEN for a customer, 401 without a token', async () => {
        const { accessToken, user } = await register('cust');
        problem(await call('GET', '/admin/users', { token: accessToken }), 403, 'FORBIDDEN');
        problem(await call('PATCH', `/admin/users/${user.id}`, { token: accessToken, body: { role: 'admin' } }), 403, 'FORBIDDEN');
        problem(await call('GET', '/admin/users'), 401, 'UNAUTHENTICATED');
      });

      it('lists users in pages with a cursor and a search', async () => {
        const tag = `pg${run}`;
        const made = [];
        for (let i = 0; i < 5; i++) made.push((await register(`${tag}-${i}`, `Paged ${i}`)).user);
        const token = await adminToken();
        const seen: Json[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: string = `limit=2&q=${tag}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await call('GET', `/admin/users?${query}`, { token });
          expect(res.statusCode).toBe(200);
          const body = res.json();
          expect(body.page.limit).toBe(2);
          expect(body.items.length).toBeLessThanOrEqual(2);
          seen.push(...body.items);
          cursor = body.page.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        expect(seen.map((u) => u.id).sort()).toEqual(made.map((u) => u.id).sort());
        expect(seen.map((u) => u.email)).toEqual([...seen.map((u) => u.email)].sort());
        expect(Object.keys(seen[0]!).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);
        const all = await call('GET', '/admin/users', { token });
        expect(all.json().page.limit).toBe(20);
        problem(await call('GET', '/admin/users?limit=0', { token }), 400, 'VALIDATION_FAILED');
        problem(await call('GET', '/admin/users?limit=101', { token }), 400, 'VALIDATION_FAILED');
        problem(await call('GET', '/admin/users?cursor=bogus', { token }), 400, 'VALIDATION_FAILED');
      });

      it('changes a role: the user gets admin rights on the next refresh; 404 for an unknown id', async () => {
        const { accessToken, refreshToken, user } = await register('promote');
        const token = await adminToken();
        const res = await call('PATCH', `/admin/users/${user.id}`, { token, body: { role: 'admin' } });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ id: user.id, role: 'admin' });
        problem(await call('GET', '/admin/users', { token: accessToken }), 403, 'FORBIDDEN'); // old token, old role
        const promoted = (await refresh(refreshToken)).json().accessToken;
        expect((await call('GET', '/admin/users', { token: promoted })).statusCode).toBe(200);
        problem(await call('PATCH', `/admin/users/${randomUUID()}`, { token, body: { role: 'admin' } }), 404, 'NOT_FOUND');
        problem(await call('PATCH', '/admin/users/not-a-uuid', { token, body: { role: 'admin' } }), 400, 'VALIDATION_FAILED');
        problem(await call('PATCH', `/admin/users/${user.id}`, { token, body: { role: 'root' } }), 400, 'VALIDATION_FAILED');
        const self = decode(token, 1).sub as string;
        problem(await call('PATCH', `/admin/users/${self}`, { token, body: { role: 'customer' } }), 409, 'CANNOT_CHANGE_OWN_ROLE');
      });

      it('bootstraps the admin idempotently, also when two replicas do it at once', async () => {
        const bootstrap = t.get(BootstrapAdminUseCase);
        expect(await Promise.all([bootstrap.execute(admin.email, 'Other-pass-999'), bootstrap.execute(admin.email, 'Other-pass-999')])).toEqual([
          'unchanged',
          'unchanged',
        ]);
        expect((await login(admin.email, admin.password)).statusCode).toBe(200); // password untouched
        const fresh = email('second-admin');
        const outcomes = await Promise.all([bootstrap.execute(fresh, 'Fresh-admin-77'), bootstrap.execute(fresh, 'Fresh-admin-77')]);
        expect(outcomes.sort()).toEqual(['created', 'unchanged']);
        const { email: existing } = await register('to-promote');
        expect(await bootstrap.execute(existing, 'Ignored-pass-88')).toBe('promoted');
      });
    });

    describe('rate limits', () => {
      it('per IP: 429 RATE_LIMITED with Retry-After past the limit, and open again after it', async () => {
        const ip = nextIp();
        for (let i = 0; i < 4; i++) expect((await login(email('ip'), 'Whatever-123', ip)).statusCode).toBe(401);
        const limited = await login(email('ip'), 'Whatever-123', ip);
        problem(limited, 429, 'RATE_LIMITED');
        const retryAfter = Number(limited.headers['retry-after']);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(2);
        expect((await login(email('ip'), 'Whatever-123', nextIp())).statusCode).toBe(401); // other clients unaffected
        await sleep(retryAfter * 1000 + 300);
        expect((await login(email('ip'), 'Whatever-123', ip)).statusCode).toBe(401);
      });

      it('per IP on register too', async () => {
        const ip = nextIp();
        for (let i = 0; i < 4; i++) {
          const res = await call('POST', '/auth/register', { body: { email: email('regip'), password: PASSWORD, name: 'R' }, ip });
          expect(res.statusCode).toBe(201);
        }
        const limited = await call('POST', '/auth/register', { body: { email: email('regip'), password: PASSWORD, name: 'R' }, ip });
        problem(limited, 429, 'RATE_LIMITED');
        expect(limited.headers['retry-after']).toBeDefined();
      });

      it('per email, from any address and however the email is spelled; resets after the window', async () => {
        const { email: address } = await register('victim');
        for (let i = 0; i < 3; i++) problem(await login(i % 2 ? address.toUpperCase() : address, 'Wrong-pass-123'), 401, 'INVALID_CREDENTIALS');
        const limited = await login(address, PASSWORD);
        problem(limited, 429, 'RATE_LIMITED');
        await sleep(Number(limited.headers['retry-after']) * 1000 + 300);
        expect((await login(address, PASSWORD)).statusCode).toBe(200);
      });
    });
  });
}
