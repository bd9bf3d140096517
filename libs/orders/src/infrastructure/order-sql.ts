import type { EntityManager } from 'typeorm';
import type { Order, OrderLine, OrderStatus } from '../domain/order.js';
import type { OutboxEntry } from '../ports/outbox.js';

export interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  items: OrderLine[];
  total_amount: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
}

export const ORDER_COLUMNS = 'id::text AS id, user_id, status, items, total_amount::text AS total_amount, currency, created_at, updated_at';

export function orderFromRow(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    items: row.items,
    total: { amount: Number(row.total_amount), currency: row.currency },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function writeOutbox(m: EntityManager, orderId: string, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await m.query(
    `INSERT INTO outbox (order_id, queue, name, payload, delay_ms)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::integer[])`,
    [orderId, entries.map((e) => e.queue), entries.map((e) => e.name), entries.map((e) => JSON.stringify(e.payload)), entries.map((e) => e.delayMs ?? 0)],
  );
}

/** The first event per status wins, so a retried step never adds a second one. */
export async function addEvent(m: EntityManager, orderId: string, status: OrderStatus, detail: string): Promise<void> {
  await m.query(`INSERT INTO order_events (order_id, status, detail) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [orderId, status, detail]);
}

/**
 * Moves an order from one status to the next with its event, only if it is still in `from`.
 * Returns the updated row, or undefined when another attempt (or a cancel) got there first.
 */
export async function advance(m: EntityManager, orderId: string, from: OrderStatus, to: OrderStatus, detail: string): Promise<OrderRow | undefined> {
  // TypeORM returns [rows, rowCount] for UPDATE.
  const [[row]]: [OrderRow[], number] = await m.query(
    `UPDATE orders SET status = $3, updated_at = now() WHERE id = $1 AND status = $2 RETURNING ${ORDER_COLUMNS}`,
    [orderId, from, to],
  );
  if (row) await addEvent(m, orderId, to, detail);
  return row;
}
