// @ts-check
/**
 * Baseline for the orders scenarios of bench/run.mjs: a bare node:http server that places an order
 * with plain SQL over one `pg` Pool, in one transaction:
 *
 *   BEGIN;
 *   UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2 RETURNING price_amount;  -- per item, by product id
 *   INSERT INTO orders (user_id, items, total_amount) VALUES (...) RETURNING id;
 *   COMMIT;
 *
 * 201 with the order as JSON, 409 OUT_OF_STOCK (rolled back) when an UPDATE matched no row. It
 * takes the same requests as the app (`POST .../orders`, JSON `{items:[{productId,quantity}]}`,
 * `Authorization: Bearer <jwt>`); the token is only decoded for its `sub` (the order's user), not
 * verified, and the Idempotency-Key is ignored: no claim, no product read, no reservation rows,
 * no outbox, no Redis. Started with child_process.fork(); it receives `{ databaseUrl, poolSize }`
 * over IPC, listens on 127.0.0.1 on a free port below 32768 and replies `{ port }`. It exits when
 * the parent disconnects or on SIGTERM/SIGINT.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { serveBaseline } from './ports.mjs';

/** @typedef {{ databaseUrl: string, poolSize: number }} OrdersBaselineConfig */
/** @typedef {{ productId: number, quantity: number }} Item */

if (!process.send) {
  console.error('orders-baseline-server.mjs must be started with child_process.fork()');
  process.exit(2);
}

/** @param {unknown} msg @returns {msg is OrdersBaselineConfig} */
function isConfig(msg) {
  return typeof msg === 'object' && msg !== null && 'databaseUrl' in msg && 'poolSize' in msg;
}

/** @param {string | undefined} authorization @returns {string | null} the JWT's `sub`, unverified */
function userOf(authorization) {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? '');
  if (!match) return null;
  try {
    const claims = JSON.parse(Buffer.from(match[2], 'base64url').toString('utf8'));
    return typeof claims.sub === 'string' ? claims.sub : null;
  } catch {
    return null;
  }
}

/** @param {unknown} body @returns {Item[] | null} merged by product, sorted by id (lock order) */
function itemsOf(body) {
  const items = /** @type {{ items?: unknown }} */ (body)?.items;
  if (!Array.isArray(items) || items.length === 0) return null;
  /** @type {Map<number, number>} */
  const merged = new Map();
  for (const item of items) {
    const { productId, quantity } = item ?? {};
    if (!Number.isSafeInteger(productId) || productId < 1 || !Number.isSafeInteger(quantity) || quantity < 1) return null;
    merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => a.productId - b.productId);
}

/**
 * @param {pg.Pool} pool @param {string} userId @param {Item[]} items
 * @returns {Promise<{ status: number, body: unknown }>}
 */
async function placeOrder(pool, userId, items) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    let total = 0;
    const lines = [];
    for (const { productId, quantity } of items) {
      const taken = await client.query(
        'UPDATE products SET stock = stock - $2 WHERE id = $1 AND stock >= $2 RETURNING price_amount',
        [productId, quantity],
      );
      if (taken.rowCount === 0) {
        await client.query('ROLLBACK');
        return { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: `product ${productId} is out of stock`, code: 'OUT_OF_STOCK' } };
      }
      const unitPrice = taken.rows[0].price_amount;
      total += unitPrice * quantity;
      lines.push({ productId, unitPrice: { amount: unitPrice, currency: 'USD' }, quantity });
    }
    const { rows } = await client.query(
      'INSERT INTO orders (user_id, items, total_amount) VALUES ($1, $2, $3) RETURNING id::text AS id, created_at',
      [userId, JSON.stringify(lines), total],
    );
    await client.query('COMMIT');
    const createdAt = rows[0].created_at.toISOString();
    return { status: 201, body: { id: rows[0].id, userId, status: 'pending', items: lines, total: { amount: total, currency: 'USD' }, createdAt, updatedAt: createdAt } };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

process.once('message', async (msg) => {
  if (!isConfig(msg)) {
    console.error('orders-baseline-server: unexpected message', msg);
    process.exit(2);
  }
  const pool = new pg.Pool({ connectionString: msg.databaseUrl, max: msg.poolSize, application_name: 'surge:bench-baseline' });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  /** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
  const send = (res, status, body) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': status < 300 ? 'application/json; charset=utf-8' : 'application/problem+json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };
  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const userId = userOf(req.headers.authorization);
      if (!userId) return send(res, 401, { status: 401, code: 'UNAUTHORIZED' });
      /** @type {Item[] | null} */
      let items = null;
      try {
        items = itemsOf(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        items = null;
      }
      if (!items) return send(res, 400, { status: 400, code: 'VALIDATION_FAILED' });
      placeOrder(pool, userId, items).then(
        (r) => send(res, r.status, r.body),
        (err) => send(res, 500, { status: 500, code: 'INTERNAL', detail: /** @type {Error} */ (err).message }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await serveBaseline(server);
});
