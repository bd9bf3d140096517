import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedUser } from '@surge/contracts';
import { InvalidTokenError, type AccessTokenService } from '@surge/platform/auth';
import { loadConfig } from '@surge/platform/config';
import { createRootLogger, installRequestLogging } from '@surge/platform/observability';
import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { dashboardAuthHook } from './dashboard-auth.hook.js';

const USERS: Record<string, AuthenticatedUser> = { 'admin-token': { id: 'a', role: 'admin' }, 'customer-token': { id: 'c', role: 'customer' } };
const tokens = {
  verify: async (token: string) => {
    const user = USERS[token];
    if (!user) throw new InvalidTokenError();
    return user;
  },
} as AccessTokenService;

async function dashboard(): Promise<{ app: ReturnType<typeof Fastify>; log: () => string }> {
  const chunks: string[] = [];
  const out = new Writable({ write: (chunk, _enc, cb) => (chunks.push(String(chunk)), cb()) });
  const app = Fastify();
  installRequestLogging(app, createRootLogger(loadConfig({ LOG_LEVEL: 'info' }), out));
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', dashboardAuthHook(tokens, '/board', (error, _req, reply) => reply.code(418).send({ code: (error as InvalidTokenError).code })));
      scope.get('/', async () => 'page');
      scope.put('/api/pause', async () => 'paused');
    },
    { prefix: '/board' },
  );
  return { app, log: () => chunks.join('') };
}

describe('dashboardAuthHook', () => {
  it('exchanges ?token= for the cookie without the token reaching the access log', async () => {
    const { app, log } = await dashboard();
    const res = await app.inject({ url: '/board?token=admin-token' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/board');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(log()).toContain('"url":"/board"');
    const refused = await app.inject({ url: '/board?token=customer-token' });
    expect(refused.json()).toEqual({ code: 'FORBIDDEN' });
    expect(log().match(/"url":"\/board"/g)).toHaveLength(2);
    expect(log()).not.toContain('-token');
  });

  it('takes ?token= on GET only, the bearer header before the cookie, and the cookie among others', async () => {
    const { app } = await dashboard();
    expect((await app.inject({ method: 'PUT', url: '/board/api/pause?token=admin-token' })).json()).toEqual({ code: 'UNAUTHENTICATED' });
    const both = await app.inject({ url: '/board', headers: { authorization: 'Bearer customer-token', cookie: 'surge_admin_token=admin-token' } });
    expect(both.json()).toEqual({ code: 'FORBIDDEN' });
    const cookie = await app.inject({ method: 'PUT', url: '/board/api/pause', headers: { cookie: 'a=1; surge_admin_token=admin-token; b=2' } });
    expect(cookie.body).toBe('paused');
  });

  it('marks the cookie Secure on https requests', async () => {
    const app = Fastify({ trustProxy: true });
    await app.register(async (scope) => {
      scope.addHook('onRequest', dashboardAuthHook(tokens, '/board', () => undefined));
      scope.get('/', async () => 'page');
    }, { prefix: '/board' });
    const res = await app.inject({ url: '/board?token=admin-token', headers: { 'x-forwarded-proto': 'https' } });
    expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });
});
