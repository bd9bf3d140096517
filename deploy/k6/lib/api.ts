// Shared helpers for the k6 load scripts: one base URL, JSON requests, auth and admin set-up.
// Load tests must target 127.0.0.1 or a staging host (BASE_URL), never production: the set-up
// creates categories, products and users that stay behind.
import { fail } from 'k6';
import http from 'k6/http';
import type { Params, RefinedResponse, ResponseType } from 'k6/http';

export const BASE_URL: string = (__ENV.BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
export const API: string = `${BASE_URL}/api/v1`;

/** Password that satisfies the server's policy (10+ characters, not a common one). */
export const LOAD_PASSWORD = 'k6-load-Password-2048';

// ---- environment --------------------------------------------------------------------------

/** A positive integer from __ENV, or the default when unset. Bad values stop the script. */
export function envInt(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** A string from __ENV, or the default when unset. */
export function envStr(name: string, fallback: string): string {
  const raw = __ENV[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** A short id unique enough per run, for emails, SKUs and category slugs. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

// ---- requests ------------------------------------------------------------------------------

export interface RequestOptions {
  token?: string;
  /** Extra headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  /** Request tags; `name` groups URLs with ids into one series (e.g. "GET /products/:id"). */
  tags?: Record<string, string>;
  /** Statuses that are not failures for http_req_failed (default: 200..399). */
  expected?: number[];
}

export function params(opts: RequestOptions = {}): Params {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const p: Params = { headers };
  if (opts.tags) p.tags = opts.tags;
  if (opts.expected) p.responseCallback = http.expectedStatuses(...opts.expected);
  return p;
}

/** Params for a request with a JSON body. */
export function jsonParams(opts: RequestOptions = {}): Params {
  const p = params(opts);
  p.headers = { ...(p.headers ?? {}), 'Content-Type': 'application/json' };
  return p;
}

export type Res = RefinedResponse<ResponseType | undefined>;

export function getJson(path: string, opts: RequestOptions = {}): Res {
  return http.get(`${API}${path}`, params(opts));
}

export function postJson(path: string, body: unknown, opts: RequestOptions = {}): Res {
  return http.post(`${API}${path}`, JSON.stringify(body), jsonParams(opts));
}

export function putJson(path: string, body: unknown, opts: RequestOptions = {}): Res {
  return http.put(`${API}${path}`, JSON.stringify(body), jsonParams(opts));
}

/** The parsed JSON body, or null when the body is absent or not JSON. */
export function body<T>(res: Res): T | null {
  if (typeof res.body !== 'string' || res.body.length === 0) return null;
  try {
    return JSON.parse(res.body) as T;
  } catch {
    return null;
  }
}

/** The problem+json `code` of an error response, or '' when there is none. */
export function problemCode(res: Res): string {
  const problem = body<{ code?: unknown }>(res);
  return problem && typeof problem.code === 'string' ? problem.code : '';
}

/** Stops setup() with a readable line when a set-up request did not get the expected status. */
function expectStatus(res: Res, status: number, what: string): void {
  if (res.status === status) return;
  const hint =
    res.status === 429
      ? ' (auth rate limit: start the server with e.g. AUTH_IP_RATE_LIMIT=100000/60 AUTH_EMAIL_RATE_LIMIT=100/60)'
      : res.status === 0
        ? ` (no response: is the server running at ${BASE_URL}? ${res.error})`
        : '';
  fail(`${what}: expected ${status}, got ${res.status} ${problemCode(res)}${hint}`);
}

// ---- domain shapes (the parts the scripts read) ---------------------------------------------

export interface Money {
  amount: number;
  currency: string;
}

export interface Product {
  id: number;
  sku: string;
  name: string;
  price: Money;
  stock: number;
  category: string;
  flashSale: boolean;
  active: boolean;
}

export interface Page<T> {
  items: T[];
  page: { limit: number; nextCursor: string | null };
}

export interface OrderLine {
  productId: number;
  name: string;
  unitPrice: Money;
  quantity: number;
}

export interface Order {
  id: string;
  userId: string;
  status: string;
  items: OrderLine[];
  total: Money;
}

export interface Cart {
  items: { productId: number; quantity: number }[];
  total: Money;
}

/** Values of `sort` the catalog accepts (libs/catalog/src/domain/product-query.ts PRODUCT_SORTS). */
export const PRODUCT_SORTS = ['price', '-price', 'name', '-name', 'createdAt', '-createdAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

// ---- auth ----------------------------------------------------------------------------------

export interface Credentials {
  email: string;
  password: string;
}

/** POST /auth/register; returns the access token (register answers 201 with tokens). */
export function register(email: string, password: string = LOAD_PASSWORD, name = 'k6 load user'): string {
  const res = postJson('/auth/register', { email, password, name }, { tags: { name: 'POST /auth/register' } });
  expectStatus(res, 201, `register ${email}`);
  const token = body<{ accessToken?: string }>(res)?.accessToken;
  if (!token) fail(`register ${email}: no accessToken in the response`);
  return token;
}

/** POST /auth/login; returns the access token. */
export function login(email: string, password: string): string {
  const res = postJson('/auth/login', { email, password }, { tags: { name: 'POST /auth/login' } });
  expectStatus(res, 200, `login ${email}`);
  const token = body<{ accessToken?: string }>(res)?.accessToken;
  if (!token) fail(`login ${email}: no accessToken in the response`);
  return token;
}

/** Logs in the admin named by ADMIN_EMAIL / ADMIN_PASSWORD (the server's bootstrap admin). */
export function adminLogin(): string {
  const email = __ENV.ADMIN_EMAIL;
  const password = __ENV.ADMIN_PASSWORD;
  if (!email || !password) {
    fail('ADMIN_EMAIL and ADMIN_PASSWORD must be set (the same values the server was started with)');
  }
  return login(email, password);
}

/**
 * Registers `count` users named `k6-<prefix>-<i>@load.test`, `batchSize` at a time (http.batch),
 * and returns their access tokens in order. Each registration counts against the server's
 * AUTH_IP_RATE_LIMIT (default 20/60): raise it on the server for pools larger than that.
 * Registration hashes the password (argon2), so large pools take a while: see setupTimeout.
 */
export function registerPool(prefix: string, count: number, batchSize = 20): string[] {
  const tokens: string[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const requests: [string, string, string, Params][] = [];
    for (let i = start; i < end; i++) {
      const payload = { email: `k6-${prefix}-${i}@load.test`, password: LOAD_PASSWORD, name: `k6 user ${i}` };
      requests.push(['POST', `${API}/auth/register`, JSON.stringify(payload), jsonParams({ tags: { name: 'POST /auth/register' } })]);
    }
    const responses = http.batch(requests);
    responses.forEach((res, k) => {
      expectStatus(res, 201, `register user ${start + k}`);
      const token = body<{ accessToken?: string }>(res)?.accessToken;
      if (!token) fail(`register user ${start + k}: no accessToken in the response`);
      tokens.push(token);
    });
  }
  return tokens;
}

// ---- admin catalog ---------------------------------------------------------------------------

/** POST /admin/categories {slug,name}; returns the slug. */
export function createCategory(adminToken: string, slug: string, name: string = slug): string {
  const res = postJson('/admin/categories', { slug, name }, { token: adminToken, tags: { name: 'POST /admin/categories' } });
  expectStatus(res, 201, `create category ${slug}`);
  return slug;
}

export interface NewProduct {
  sku: string;
  name: string;
  price: Money;
  stock: number;
  category: string;
  flashSale?: boolean;
  description?: string;
}

/** POST /admin/products; returns the created product. */
export function createProduct(adminToken: string, product: NewProduct): Product {
  const res = postJson(
    '/admin/products',
    { flashSale: false, ...product },
    { token: adminToken, tags: { name: 'POST /admin/products' } },
  );
  expectStatus(res, 201, `create product ${product.sku}`);
  const created = body<Product>(res);
  if (!created || typeof created.id !== 'number') fail(`create product ${product.sku}: no id in the response`);
  return created;
}

/** GET /products/:id (public), or null when it is not 200. */
export function readProduct(id: number): Product | null {
  const res = getJson(`/products/${id}`, { tags: { name: 'GET /products/:id' } });
  return res.status === 200 ? body<Product>(res) : null;
}

/** A unique Idempotency-Key: run id, VU and iteration, so retries of one iteration would reuse it. */
export function idempotencyKey(run: string, vu: number, iteration: number): string {
  return `k6-${run}-${vu}-${iteration}`;
}
