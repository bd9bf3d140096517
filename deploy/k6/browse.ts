// Catalog browsing: paged product lists (keyset cursor), every sort, a category filter, then a
// few product details. Read-only; needs products in the catalog (demo data or `npm run seed`).
//   k6 run -e BASE_URL=http://127.0.0.1:3000 deploy/k6/browse.ts
// Target 127.0.0.1 or a staging host only.
import { check, group, sleep } from 'k6';
import type { Options } from 'k6/options';
import { BASE_URL, PRODUCT_SORTS, body, envInt, envStr, getJson } from './lib/api.ts';
import type { Page, Product } from './lib/api.ts';

const VUS = envInt('VUS', 10);
const DURATION = envStr('DURATION', '30s');
const P95_MS = envInt('P95_MS', 300);
const PAGES = envInt('PAGES', 3);
const PAGE_LIMIT = envInt('PAGE_LIMIT', 20);
const DETAILS = envInt('DETAILS', 3);
const THINK_MS = envInt('THINK_MS', 200);

export const options: Options = {
  scenarios: {
    browse: { executor: 'constant-vus', vus: VUS, duration: DURATION, gracefulStop: '10s' },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: [`p(95)<${P95_MS}`],
    checks: ['rate>0.99'],
  },
};

interface Category {
  slug: string;
  name: string;
}

export function setup(): { categories: string[] } {
  const res = getJson('/categories', { tags: { name: 'GET /categories' } });
  const categories = (body<{ items: Category[] }>(res)?.items ?? []).map((c) => c.slug);
  console.info(`browse: ${BASE_URL}, ${categories.length} categories, ${VUS} VUs for ${DURATION}, p95 < ${P95_MS} ms`);
  return { categories };
}

function pick<T>(list: readonly T[]): T | undefined {
  return list.length === 0 ? undefined : list[Math.floor(Math.random() * list.length)];
}

/** Walks up to PAGES pages of one listing; returns the ids it saw. */
function walk(query: string, name: string): number[] {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < PAGES; n++) {
    const url: string = `/products?limit=${PAGE_LIMIT}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = getJson(url, { tags: { name } });
    const page = body<Page<Product>>(res);
    check(res, {
      'list 200': (r) => r.status === 200,
      'list is a page': () => page !== null && Array.isArray(page.items) && page.page !== undefined,
      'list respects limit': () => page !== null && page.items.length <= PAGE_LIMIT,
    });
    if (!page) break;
    for (const p of page.items) ids.push(p.id);
    cursor = page.page.nextCursor;
    if (!cursor) break;
    sleep(THINK_MS / 1000);
  }
  return ids;
}

export default function (data: { categories: string[] }): void {
  const sort = pick(PRODUCT_SORTS) ?? '-createdAt';
  let ids: number[] = [];

  group('list sorted', () => {
    ids = walk(`&sort=${encodeURIComponent(sort)}`, 'GET /products?sort');
  });

  const category = pick(data.categories);
  if (category) {
    group('list by category', () => {
      ids = ids.concat(walk(`&category=${encodeURIComponent(category)}&sort=${encodeURIComponent(sort)}`, 'GET /products?category'));
    });
  }

  group('details', () => {
    for (let n = 0; n < DETAILS && ids.length > 0; n++) {
      const id = pick(ids);
      if (id === undefined) break;
      const res = getJson(`/products/${id}`, { tags: { name: 'GET /products/:id' } });
      check(res, {
        'detail 200': (r) => r.status === 200,
        'detail is the product': (r) => body<Product>(r)?.id === id,
      });
      sleep(THINK_MS / 1000);
    }
  });
}
