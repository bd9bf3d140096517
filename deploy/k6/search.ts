// Full-text search: GET /products?q=<word> with words from a list (WORDS overrides it).
//   k6 run -e BASE_URL=http://127.0.0.1:3000 deploy/k6/search.ts
// Target 127.0.0.1 or a staging host only.
import { check, sleep } from 'k6';
import type { Options } from 'k6/options';
import { BASE_URL, body, envInt, envStr, getJson } from './lib/api.ts';
import type { Page, Product } from './lib/api.ts';

const VUS = envInt('VUS', 10);
const DURATION = envStr('DURATION', '30s');
const P95_MS = envInt('P95_MS', 300);
const PAGE_LIMIT = envInt('PAGE_LIMIT', 20);
const THINK_MS = envInt('THINK_MS', 100);
const WORDS: string[] = envStr(
  'WORDS',
  'shirt,red,blue,cotton,shoe,lamp,phone,case,coffee,mug,book,chair,desk,bag,watch,cable,wireless,organic,steel,kit',
)
  .split(',')
  .map((w) => w.trim())
  .filter((w) => w.length > 0);

export const options: Options = {
  scenarios: {
    search: { executor: 'constant-vus', vus: VUS, duration: DURATION, gracefulStop: '10s' },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: [`p(95)<${P95_MS}`],
    checks: ['rate>0.99'],
  },
};

export function setup(): void {
  if (WORDS.length === 0) throw new Error('WORDS is empty');
  console.info(`search: ${BASE_URL}, ${WORDS.length} words, ${VUS} VUs for ${DURATION}, p95 < ${P95_MS} ms`);
}

export default function (): void {
  const word = WORDS[Math.floor(Math.random() * WORDS.length)] ?? 'shirt';
  const res = getJson(`/products?q=${encodeURIComponent(word)}&limit=${PAGE_LIMIT}`, { tags: { name: 'GET /products?q' } });
  const page = body<Page<Product>>(res);
  check(res, {
    'search 200': (r) => r.status === 200,
    'search is a page': () => page !== null && Array.isArray(page.items),
    'search respects limit': () => page !== null && page.items.length <= PAGE_LIMIT,
  });
  sleep(THINK_MS / 1000);
}
