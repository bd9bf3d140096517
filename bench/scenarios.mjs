// @ts-check
/**
 * Load scenarios for `bench/run.mjs`. Add one object per route worth measuring (product detail,
 * product list, search, order placement, ...). Each scenario is first run against a bare node:http
 * server that replays the app's own response for it, then against the app, so the app/baseline
 * ratio compares like with like.
 *
 * @typedef {'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} HttpMethod
 *
 * @typedef {object} ScenarioContext
 * @property {string} baseUrl      origin of the app under test, e.g. http://127.0.0.1:23456
 *
 * @typedef {object} ScenarioSetup
 * @property {Record<string, string>} [headers]  merged over `headers` (e.g. an Authorization header)
 * @property {unknown} [body]                   replaces `body`
 *
 * @typedef {object} ScenarioRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} headers
 * @property {string | undefined} body
 *
 * @typedef {object} Scenario
 * @property {string} name             short kebab-case id, used by `--scenario`
 * @property {HttpMethod} method
 * @property {string} path             path and query, e.g. /api/v1/products/1
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body]          objects are sent as JSON (content-type added); strings as-is
 * @property {number} expectedStatus   any other status during the run counts as an error
 * @property {(ctx: ScenarioContext) => Promise<ScenarioSetup>} [setup]
 *   runs once against the app before the scenario (e.g. register a user and log in)
 * @property {(req: ScenarioRequest) => ScenarioRequest} [perRequest]
 *   rewrites every request during the run (e.g. a fresh Idempotency-Key per order); the request
 *   it receives is a fresh copy and may be mutated
 */

const CATALOG_TARGET = Number(process.env.BENCH_CATALOG_PRODUCTS ?? 10_000);

/** @param {string} url @param {RequestInit} [init] @returns {Promise<any>} */
async function json(url, init) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/** @param {string} baseUrl @returns {Promise<number>} active products in the catalog */
async function catalogSize(baseUrl) {
  return (await json(`${baseUrl}/api/v1/products?page=1&limit=1`)).page.total;
}

/**
 * Makes sure the catalog holds CATALOG_TARGET products (default 10,000, BENCH_CATALOG_PRODUCTS):
 * tops it up through the admin API when ADMIN_EMAIL and ADMIN_PASSWORD are set (the spawned app
 * inherits them and bootstraps that admin). Otherwise uses what is there (e.g. a server seeded with
 * `npm run seed`, driven with --url) and says so. Returns the product count; ids are 1..count.
 * @param {string} baseUrl
 */
async function ensureCatalog(baseUrl) {
  let size = await catalogSize(baseUrl);
  if (size >= CATALOG_TARGET) return size;
  const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = process.env;
  if (!email || !password) {
    console.error(`  catalog holds ${size} products (< ${CATALOG_TARGET}); set ADMIN_EMAIL and ADMIN_PASSWORD to let the bench add the rest`);
    return size;
  }
  const { accessToken } = await json(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
  const slug = 'bench';
  await fetch(`${baseUrl}/api/v1/admin/categories`, { method: 'POST', headers, body: JSON.stringify({ slug, name: 'Bench' }) });
  console.error(`  adding ${CATALOG_TARGET - size} products through the admin API...`);
  let next = size;
  const worker = async () => {
    while (next < CATALOG_TARGET) {
      const n = ++next;
      const body = { sku: `BENCH-${n}`, name: `Bench product ${n}`, description: `Benchmark item number ${n}`, price: { amount: 100 + (n % 9000), currency: 'USD' }, stock: 100, category: slug };
      const res = await fetch(`${baseUrl}/api/v1/admin/products`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status !== 201 && res.status !== 409) throw new Error(`creating bench product ${n}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  size = await catalogSize(baseUrl);
  return size;
}

let catalogSizePromise = /** @type {Promise<number> | null} */ (null);
/** @param {string} baseUrl */
const catalogOnce = (baseUrl) => (catalogSizePromise ??= ensureCatalog(baseUrl));

let hotId = 1;
let coldIds = 1;

/** @type {Scenario[]} */
export const scenarios = [
  {
    name: 'health-live',
    method: 'GET',
    path: '/health/live',
    expectedStatus: 200,
  },
  {
    // One product over and over: served from the in-process cache level.
    name: 'product-detail-hot',
    method: 'GET',
    path: '/api/v1/products/1',
    expectedStatus: 200,
    setup: async ({ baseUrl }) => {
      const [first] = (await json(`${baseUrl}/api/v1/products?limit=1`)).items;
      if (!first) throw new Error('the catalog is empty');
      hotId = first.id;
      return {};
    },
    perRequest: (req) => ({ ...req, path: `/api/v1/products/${hotId}` }),
  },
  {
    // Random ids over the whole catalog (10,000 products by default): mostly misses at first.
    name: 'product-detail-cold',
    method: 'GET',
    path: '/api/v1/products/1',
    expectedStatus: 200,
    setup: async ({ baseUrl }) => {
      coldIds = await catalogOnce(baseUrl);
      console.error(`  product-detail-cold: random ids over 1..${coldIds}`);
      return {};
    },
    perRequest: (req) => ({ ...req, path: `/api/v1/products/${1 + Math.floor(Math.random() * coldIds)}` }),
  },
  {
    name: 'product-list',
    method: 'GET',
    path: '/api/v1/products?limit=20',
    expectedStatus: 200,
  },
  {
    name: 'product-search',
    method: 'GET',
    path: '/api/v1/products?q=bench%20product&limit=20',
    expectedStatus: 200,
    setup: async ({ baseUrl }) => {
      await catalogOnce(baseUrl);
      return {};
    },
  },
];

/**
 * Order placement scenarios (`POST /api/v1/orders`). They do not fit the replay baseline above: an
 * order changes state, so run.mjs runs them against a second app it starts on this machine's
 * PostgreSQL and Redis (scratch databases, see bench/lib/orders.mjs) and compares each with a bare
 * node:http + `pg` server placing the same orders in one SQL transaction
 * (bench/lib/orders-baseline-server.mjs), on the same access pattern.
 *
 * @typedef {object} OrderScenario
 * @property {string} name               short kebab-case id, used by `--scenario`
 * @property {'many' | 'hot' | 'flash'} pattern
 *   many: a random customer (of 200) orders 1 to 3 random products (of 500, large stock), 1 unit each;
 *   hot: a random customer orders 1 unit of one product whose stock never runs out;
 *   flash: 2,000 distinct buyers, one request each, all at once, for the 100 units of one
 *   flashSale product (Redis gate): exactly 100 must get 201 and the stock must end at 0
 * @property {string} description
 */

/** @type {OrderScenario[]} */
export const orderScenarios = [
  { name: 'place-order', pattern: 'many', description: 'random customer, 1-3 random products of 500' },
  { name: 'hot-product', pattern: 'hot', description: 'random customer, 1 unit of the same product' },
  { name: 'flash-sale', pattern: 'flash', description: '2,000 buyers at once for 100 units of a flashSale product' },
];
