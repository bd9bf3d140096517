#!/usr/bin/env node
// @ts-check
/**
 * `npm run seed -- --products 100000`: loads a synthetic catalog into the PostgreSQL database named
 * by CATALOG_DATABASE_URL (migrated first: `npm run migrate`, or start the app once against it).
 * Idempotent: SKUs are deterministic (SEED-0000001, ...) and inserted with ON CONFLICT DO NOTHING,
 * so a rerun adds only what is missing. Rows go in batches of multi-row INSERTs from unnest()
 * arrays (one parameter per column), several batches in flight on separate connections.
 * Refuses to run without CATALOG_DATABASE_URL: the embedded PGlite belongs to the running app.
 */
import pg from 'pg';
import { parseArgs } from 'node:util';

const USAGE = 'usage: CATALOG_DATABASE_URL=postgres://... node scripts/seed.mjs [--products 100000] [--batch 5000] [--concurrency 4]';

const CATEGORIES = [
  ['apparel', 'Apparel'], ['electronics', 'Electronics'], ['home', 'Home'], ['outdoors', 'Outdoors'], ['books', 'Books'],
  ['toys', 'Toys'], ['beauty', 'Beauty'], ['grocery', 'Grocery'], ['sports', 'Sports'], ['garden', 'Garden'],
  ['automotive', 'Automotive'], ['office', 'Office'], ['pets', 'Pets'], ['music', 'Music'], ['games', 'Games'],
  ['kitchen', 'Kitchen'], ['baby', 'Baby'], ['health', 'Health'], ['tools', 'Tools'], ['jewelry', 'Jewelry'],
];
const ADJECTIVES = ['Classic', 'Organic', 'Wireless', 'Vintage', 'Compact', 'Deluxe', 'Rugged', 'Minimal', 'Cozy', 'Bright',
  'Smart', 'Portable', 'Premium', 'Eco', 'Ultra', 'Handmade', 'Modern', 'Silent', 'Heavy-duty', 'Travel'];
const COLORS = ['red', 'blue', 'green', 'black', 'white', 'grey', 'yellow', 'orange', 'purple', 'teal'];
const NOUNS = ['shirt', 'hoodie', 'jacket', 'headphones', 'speaker', 'charger', 'keyboard', 'mouse', 'mug', 'lamp',
  'blanket', 'tent', 'backpack', 'bottle', 'lantern', 'novel', 'atlas', 'journal', 'puzzle', 'drone',
  'camera', 'watch', 'wallet', 'sneakers', 'kettle', 'blender', 'chair', 'desk', 'guitar', 'helmet'];
const FEATURES = ['water resistant', 'recycled materials', 'two year warranty', 'gift ready packaging', 'fast charging',
  'machine washable', 'ergonomic design', 'lightweight build', 'long battery life', 'award winning'];

/** Deterministic pseudo-random integer for row i and a salt (same catalog on every run). */
const mix = (i, salt) => {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35);
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d);
  return (x ^ (x >>> 12)) >>> 0;
};
const pick = (list, i, salt) => list[mix(i, salt) % list.length];

function row(i) {
  const noun = pick(NOUNS, i, 1);
  const name = `${pick(ADJECTIVES, i, 2)} ${pick(COLORS, i, 3)} ${noun} ${(i % 997) + 1}`;
  return {
    sku: `SEED-${String(i).padStart(7, '0')}`,
    name,
    description: `A ${pick(COLORS, i, 3)} ${noun} with ${pick(FEATURES, i, 4)} and ${pick(FEATURES, i, 5)}.`,
    price: 99 + (mix(i, 6) % 99_900),
    stock: mix(i, 7) % 10 === 0 ? 0 : mix(i, 8) % 500,
    category: CATEGORIES[mix(i, 9) % CATEGORIES.length][0],
    flashSale: mix(i, 10) % 50 === 0,
    // Spread over the past year, so createdAt pages are not all one timestamp.
    ageSeconds: mix(i, 11) % (365 * 24 * 3600),
  };
}

const INSERT = `INSERT INTO products (sku, name, description, price_amount, currency, stock, category_id, flash_sale, created_at, updated_at)
  SELECT r.sku, r.name, r.description, r.price, 'USD', r.stock, c.id, r.flash_sale,
         now() - make_interval(secs => r.age), now() - make_interval(secs => r.age)
  FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::integer[], $6::text[], $7::boolean[], $8::integer[])
    AS r (sku, name, description, price, stock, category, flash_sale, age)
  JOIN categories c ON c.slug = r.category
  ON CONFLICT (sku) DO NOTHING`;

function batchParams(from, to) {
  const rows = [];
  for (let i = from; i < to; i++) rows.push(row(i + 1));
  return [
    rows.map((r) => r.sku), rows.map((r) => r.name), rows.map((r) => r.description), rows.map((r) => r.price),
    rows.map((r) => r.stock), rows.map((r) => r.category), rows.map((r) => r.flashSale), rows.map((r) => r.ageSeconds),
  ];
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise). */
function progressBar(total) {
  const started = Date.now();
  let lastPercent = -10;
  return (done, inserted) => {
    const ratio = total === 0 ? 1 : done / total;
    const percent = Math.floor(ratio * 100);
    const width = 30;
    const filled = Math.round(ratio * width);
    const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total} (${inserted} new) ${Math.round(rate)} rows/s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (percent >= lastPercent + 10 || done === total) {
      lastPercent = percent;
      process.stderr.write(`${line}\n`);
    }
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      products: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '4' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return console.log(USAGE), 0;
  const count = Number(values.products);
  const batch = Number(values.batch);
  const concurrency = Number(values.concurrency);
  for (const [flag, n, max] of [['--products', count, 10_000_000], ['--batch', batch, 50_000], ['--concurrency', concurrency, 32]]) {
    if (!Number.isInteger(n) || n < (flag === '--products' ? 0 : 1) || n > max) {
      console.error(`${flag}: expected an integer up to ${max}, got ${JSON.stringify(String(n))}\n${USAGE}`);
      return 2;
    }
  }
  const url = process.env.CATALOG_DATABASE_URL;
  if (!url) {
    console.error(`CATALOG_DATABASE_URL is not set: the seed command loads a PostgreSQL catalog database only.\n${USAGE}`);
    return 2;
  }

  const pool = new pg.Pool({ connectionString: url, max: concurrency, application_name: 'surge:seed' });
  try {
    const [{ ready }] = (await pool.query(`SELECT to_regclass('products') IS NOT NULL AS ready`)).rows;
    if (!ready) {
      console.error('The catalog database has no products table: run `npm run migrate` (or start the app once) with CATALOG_DATABASE_URL set.');
      return 1;
    }
    await pool.query(
      `INSERT INTO categories (slug, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (slug) DO NOTHING`,
      [CATEGORIES.map((c) => c[0]), CATEGORIES.map((c) => c[1])],
    );
    const started = performance.now();
    const show = progressBar(count);
    let done = 0;
    let inserted = 0;
    let next = 0;
    show(0, 0);
    const worker = async () => {
      while (next < count) {
        const from = next;
        const to = Math.min(count, from + batch);
        next = to;
        const result = await pool.query(INSERT, batchParams(from, to));
        inserted += result.rowCount ?? 0;
        done += to - from;
        show(done, inserted);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    // VACUUM sets the visibility map, so counts (page totals) can be index-only scans.
    await pool.query('VACUUM (ANALYZE) products');
    const seconds = (performance.now() - started) / 1000;
    console.error(`seeded ${count} products (${inserted} new, ${count - inserted} already there) in ${seconds.toFixed(1)} s`);
    return 0;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
