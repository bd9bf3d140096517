import { expect } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import type { TestApp } from './test-app.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export interface Res {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json: () => Json;
}

export const JWT_SECRET = 'users-contract-secret-0123456789-abcdefghij';
export const PASSWORD = 'Sturdy-pass-42';
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
export const decode = (token: string, part: 0 | 1): Json => JSON.parse(Buffer.from(token.split('.')[part]!, 'base64url').toString());

/** A JWT signed by hand, to forge expired, foreign or wrong-algorithm tokens. */
export function sign(header: Json, payload: Json, hmac: 'sha256' | 'sha512' = 'sha256', secret = JWT_SECRET): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(hmac, secret).update(unsigned).digest('base64url')}`;
}

/** Asserts a problem+json response with this status and code; returns its body. */
export function problem(res: Res, status: number, code: string): Json {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status, code });
  for (const field of ['type', 'title', 'detail']) expect(body).toHaveProperty(field);
  return body;
}

/**
 * Drives the users routes through app.inject. Every request comes from its own client address
 * unless one is given, so only the rate-limit tests trip the per-IP limit.
 */
export class UsersClient {
  readonly run = randomUUID().slice(0, 8);
  readonly admin = { email: `admin-${this.run}@surge.test`, password: 'Admin-pass-2026' };
  private ipCounter = 0;
  private adminAccess?: string;

  constructor(private readonly t: () => TestApp) {}

  nextIp(): string {
    this.ipCounter++;
    return `10.${this.run.charCodeAt(0) % 200}.${Math.floor(this.ipCounter / 250)}.${this.ipCounter % 250}`;
  }

  email(tag: string): string {
    return `${tag}-${this.run}-${randomUUID().slice(0, 6)}@example.com`;
  }

  async call(method: string, url: string, opts: { body?: object; token?: string; ip?: string; headers?: Json } = {}): Promise<Res> {
    const headers: Json = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    return (await this.t().app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      payload: opts.body as object,
      headers,
      remoteAddress: opts.ip ?? this.nextIp(),
    })) as unknown as Res;
  }

  async register(tag = 'user', name = 'Test User'): Promise<{ email: string } & Json> {
    const address = this.email(tag);
    const res = await this.call('POST', '/auth/register', { body: { email: address, password: PASSWORD, name } });
    expect(res.statusCode).toBe(201);
    return { email: address, ...res.json() };
  }

  login(address: string, password: string, ip?: string): Promise<Res> {
    return this.call('POST', '/auth/login', { body: { email: address, password }, ip });
  }

  refresh(refreshToken: string): Promise<Res> {
    return this.call('POST', '/auth/refresh', { body: { refreshToken } });
  }

  /** One admin login for the suite: the per-email limit is small on purpose. */
  async adminToken(): Promise<string> {
    if (!this.adminAccess) {
      const res = await this.login(this.admin.email, this.admin.password);
      expect(res.statusCode).toBe(200);
      this.adminAccess = res.json().accessToken as string;
    }
    return this.adminAccess;
  }
}
