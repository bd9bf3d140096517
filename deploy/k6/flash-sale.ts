// Flash sale: BUYERS users race for one flash-sale product with STOCK units; each buyer tries
// exactly once (quantity 1). The run fails when more than STOCK orders are accepted, when any
// answer is neither 201 nor 409 OUT_OF_STOCK, or when teardown finds negative stock or
// live orders + remaining stock ≠ STOCK.
//   ADMIN_EMAIL=... ADMIN_PASSWORD=... AUTH_IP_RATE_LIMIT=100000/60 npm start     # the server
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e ADMIN_EMAIL=... -e ADMIN_PASSWORD=... deploy/k6/flash-sale.ts
// setup() registers BUYERS users (argon2 hashing on the server: minutes for 2000; raise the
// server's AUTH_IP_RATE_LIMIT first). Target 127.0.0.1 or a staging host only.
import { check, fail, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Params } from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import {
  API,
  BASE_URL,
  adminLogin,
  body,
  createCategory,
  createProduct,
  envInt,
  envStr,
  idempotencyKey,
  params,
  postJson,
  problemCode,
  readProduct,
  registerPool,
  runId,
} from './lib/api.ts';
import type { Order, Page } from './lib/api.ts';

const STOCK = envInt('STOCK', 100);
const BUYERS = envInt('BUYERS', 2000);
// One iteration per buyer (shared-iterations over BUYERS iterations). VUS = BUYERS makes every
// buyer its own VU; the default caps it because each VU holds a copy of the setup data.
const VUS = Math.max(1, Math.min(envInt('VUS', Math.min(BUYERS, 1000)), BUYERS));
const MAX_DURATION = envStr('MAX_DURATION', '2m');
const P95_MS = envInt('P95_MS', 1000);
const SETTLE_SECONDS = envInt('SETTLE_SECONDS', 10);

const accepted = new Counter('orders_accepted');
const rejected = new Counter('orders_rejected');
const errors = new Counter('orders_errors');
const stockNegative = new Counter('stock_negative');
const stockMismatch = new Counter('stock_mismatch');

export const options: Options = {
  setupTimeout: envStr('SETUP_TIMEOUT', '15m'),
  teardownTimeout: envStr('TEARDOWN_TIMEOUT', '5m'),
  scenarios: {
    sale: {
      executor: 'shared-iterations',
      vus: VUS,
      iterations: BUYERS,
      maxDuration: MAX_DURATION,
      gracefulStop: '30s',
    },
  },
  thresholds: {
    orders_accepted: [`count<=${STOCK}`], // never oversold
    orders_errors: ['count==0'], // only 201 or 409 OUT_OF_STOCK
    stock_negative: ['count==0'], // teardown: stock >= 0
    stock_mismatch: ['count==0'], // teardown: live orders + remaining stock == STOCK
    'checks{phase:teardown}': ['rate==1'],
    'http_req_duration{name:POST /orders}': [`p(95)<${P95_MS}`],
  },
};

interface SetupData {
  run: string;
  productId: number;
  tokens: string[];
}

export function setup(): SetupData {
  if (BUYERS < 1) fail('BUYERS must be at least 1');
  const run = runId();
  const admin = adminLogin();
  const category = createCategory(admin, `k6-flash-${run}`, `k6 flash sale ${run}`);
  const product = createProduct(admin, {
    sku: `K6-FS-${run}`,
    name: `k6 flash-sale product ${run}`,
    price: { amount: 999, currency: 'USD' },
    stock: STOCK,
    category,
    flashSale: true,
  });
  const tokens = registerPool(`fs-${run}`, BUYERS);
  console.info(`flash-sale: ${BASE_URL}, product ${product.id} with ${STOCK} units, ${BUYERS} buyers on ${VUS} VUs`);
  return { run, productId: product.id, tokens };
}

export default function (data: SetupData): void {
  const buyer = exec.scenario.iterationInTest; // 0..BUYERS-1, each exactly once
  const token = data.tokens[buyer];
  if (token === undefined) fail(`no token for buyer ${buyer}`);

  // Every counter gets a sample, so its threshold is evaluated even when it stays at zero.
  accepted.add(0);
  rejected.add(0);
  errors.add(0);

  const res = postJson(
    '/orders',
    { items: [{ productId: data.productId, quantity: 1 }] },
    {
      token,
      headers: { 'Idempotency-Key': idempotencyKey(data.run, buyer, 0) },
      tags: { name: 'POST /orders' },
      expected: [201, 409],
    },
  );
  const code = res.status === 201 ? '' : problemCode(res);
  if (res.status === 201) accepted.add(1);
  else if (res.status === 409 && code === 'OUT_OF_STOCK') rejected.add(1);
  else {
    errors.add(1);
    console.warn(`buyer ${buyer}: POST /orders ${res.status} ${code} ${res.error}`);
  }
  check(res, { 'order 201 or 409 OUT_OF_STOCK': (r) => r.status === 201 || (r.status === 409 && code === 'OUT_OF_STOCK') });
}

/** Live (not cancelled) units of the product ordered by the buyers, read back from the server. */
function liveUnitsOrdered(data: SetupData): { units: number; orders: number } {
  let units = 0;
  let orders = 0;
  const chunk = 50;
  for (let start = 0; start < data.tokens.length; start += chunk) {
    const requests: [string, string, null, Params][] = data.tokens
      .slice(start, start + chunk)
      .map((token) => ['GET', `${API}/orders?limit=10`, null, params({ token, tags: { name: 'GET /orders' } })]);
    for (const res of http.batch(requests)) {
      const page = res.status === 200 ? body<Page<Order>>(res) : null;
      if (!page) fail(`teardown: GET /orders answered ${res.status}`);
      for (const order of page.items) {
        const line = order.items.find((i) => i.productId === data.productId);
        if (!line) continue;
        orders += 1;
        if (order.status !== 'cancelled') units += line.quantity;
      }
    }
  }
  return { units, orders };
}

export function teardown(data: SetupData): void {
  const tags = { phase: 'teardown' };
  stockNegative.add(0);
  stockMismatch.add(0);

  // Cancellations (failed payments) release stock asynchronously: wait up to SETTLE_SECONDS.
  let stock = Number.NaN;
  let live = { units: 0, orders: 0 };
  for (let waited = 0; ; waited++) {
    const product = readProduct(data.productId);
    if (product === null) fail(`teardown: GET /products/${data.productId} did not answer 200`);
    stock = product.stock;
    live = liveUnitsOrdered(data);
    if (stock < 0 || live.units + stock === STOCK || waited >= SETTLE_SECONDS) break;
    sleep(1);
  }

  const consistent = live.units + stock === STOCK;
  console.info(
    `flash-sale result: stock left ${stock}, live units ordered ${live.units} (${live.orders} orders incl. cancelled), initial ${STOCK}`,
  );
  check(stock, { 'stock never negative': (s) => s >= 0 }, tags);
  check(live.units, { 'never oversold (server orders <= STOCK)': (u) => u <= STOCK }, tags);
  check(live.units, { 'live orders + remaining stock == STOCK': () => consistent }, tags);
  if (stock < 0) stockNegative.add(1);
  if (!consistent) stockMismatch.add(1);
  if ((stock < 0 || !consistent || live.units > STOCK) && typeof exec.test.fail === 'function') {
    // Also marks the run failed (exit code 110) on k6 versions that have test.fail().
    exec.test.fail(`flash-sale invariant broken: stock ${stock}, live units ${live.units}, initial ${STOCK}`);
  }
}
