// Checkout: cart → order → order detail, one registered user per VU.
//   ADMIN_EMAIL=... ADMIN_PASSWORD=... AUTH_IP_RATE_LIMIT=100000/60 npm start     # the server
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e ADMIN_EMAIL=... -e ADMIN_PASSWORD=... deploy/k6/checkout.ts
// setup() logs in the admin, creates a category and PRODUCTS products with large stock and
// registers USERS users (each registration counts against the server's AUTH_IP_RATE_LIMIT,
// default 20/60: raise it for more than ~15 users). Target 127.0.0.1 or a staging host only.
import { check, fail, group, sleep } from 'k6';
import exec from 'k6/execution';
import { Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import {
  BASE_URL,
  adminLogin,
  body,
  createCategory,
  createProduct,
  envInt,
  envStr,
  getJson,
  idempotencyKey,
  postJson,
  problemCode,
  putJson,
  registerPool,
  runId,
} from './lib/api.ts';
import type { Cart, Order } from './lib/api.ts';

const USERS = envInt('USERS', 10);
const VUS = Math.min(envInt('VUS', USERS), USERS); // one user per VU: carts are per user
const ITERATIONS = envInt('ITERATIONS', 20); // per VU
const MAX_DURATION = envStr('MAX_DURATION', '5m');
const PRODUCTS = envInt('PRODUCTS', 10);
const STOCK = envInt('STOCK', 1_000_000);
const P95_MS = envInt('P95_MS', 500);
const THINK_MS = envInt('THINK_MS', 100);

const orderCreated = new Rate('checkout_order_created');
const orderCreateDuration = new Trend('checkout_order_create_duration', true);

export const options: Options = {
  setupTimeout: envStr('SETUP_TIMEOUT', '5m'),
  scenarios: {
    checkout: {
      executor: 'per-vu-iterations',
      vus: VUS,
      iterations: ITERATIONS,
      maxDuration: MAX_DURATION,
      gracefulStop: '30s',
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:POST /orders}': [`p(95)<${P95_MS}`],
    checkout_order_create_duration: [`p(95)<${P95_MS}`],
    checkout_order_created: ['rate>0.99'],
    checks: ['rate>0.99'],
  },
};

interface SetupData {
  run: string;
  productIds: number[];
  tokens: string[];
}

export function setup(): SetupData {
  if (USERS < 1 || PRODUCTS < 1) fail('USERS and PRODUCTS must be at least 1');
  const run = runId();
  const admin = adminLogin();
  const category = createCategory(admin, `k6-checkout-${run}`, `k6 checkout ${run}`);
  const productIds: number[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const product = createProduct(admin, {
      sku: `K6-CO-${run}-${i}`,
      name: `k6 checkout product ${i}`,
      price: { amount: 500 + i * 100, currency: 'USD' },
      stock: STOCK,
      category,
      flashSale: false,
    });
    productIds.push(product.id);
  }
  const tokens = registerPool(`co-${run}`, USERS);
  console.info(`checkout: ${BASE_URL}, ${PRODUCTS} products, ${USERS} users, ${VUS} VUs × ${ITERATIONS} iterations`);
  return { run, productIds, tokens };
}

export default function (data: SetupData): void {
  const vu = exec.vu.idInTest;
  const token = data.tokens[(vu - 1) % data.tokens.length];
  const productId = data.productIds[Math.floor(Math.random() * data.productIds.length)];
  if (token === undefined || productId === undefined) fail('setup data is empty');
  const quantity = 1 + Math.floor(Math.random() * 3);

  group('cart', () => {
    const put = putJson(`/cart/items/${productId}`, { quantity }, { token, tags: { name: 'PUT /cart/items/:productId' } });
    check(put, { 'cart put 200': (r) => r.status === 200 });
    const res = getJson('/cart', { token, tags: { name: 'GET /cart' } });
    const cart = body<Cart>(res);
    check(res, {
      'cart 200': (r) => r.status === 200,
      'cart holds the item': () => cart !== null && cart.items.some((i) => i.productId === productId && i.quantity === quantity),
    });
  });

  sleep(THINK_MS / 1000);

  const order = group('order', (): Order | null => {
    const key = idempotencyKey(data.run, vu, exec.vu.iterationInScenario);
    const res = postJson('/orders', {}, { token, headers: { 'Idempotency-Key': key }, tags: { name: 'POST /orders' } });
    orderCreateDuration.add(res.timings.duration);
    orderCreated.add(res.status === 201);
    const created = res.status === 201 ? body<Order>(res) : null;
    check(res, {
      'order 201': (r) => r.status === 201,
      'order has an id': () => created !== null && typeof created.id === 'string',
    });
    if (res.status !== 201) console.warn(`POST /orders: ${res.status} ${problemCode(res)}`);
    return created;
  });
  if (order === null) return;
  const id = order.id;
  group('order detail', () => {
    const res = getJson(`/orders/${encodeURIComponent(id)}`, { token, tags: { name: 'GET /orders/:id' } });
    const read = body<Order>(res);
    check(res, {
      'order detail 200': (r) => r.status === 200,
      'order detail is the order': () => read !== null && read.id === id,
      'order has the line': () => read !== null && read.items.some((i) => i.productId === productId && i.quantity === quantity),
    });
  });

  sleep(THINK_MS / 1000);
}
