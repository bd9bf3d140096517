import { Injectable } from '@nestjs/common';
import { compareIdsDesc } from '../domain/order-id.js';
import type { Invoice, Order, OrderStatus, Tracking } from '../domain/order.js';
import { OrderRepository, type ClaimOutcome, type OrderPageQuery } from '../ports/order.repository.js';
import type { OutboxEntry } from '../ports/outbox.js';
import { addEvent, advance, ORDER_COLUMNS, orderFromRow, writeOutbox, type OrderRow } from './order-sql.js';
import { OrderShards } from './order-shards.js';

const UNIQUE_VIOLATION = '23505';

function pageSql(page: OrderPageQuery, params: unknown[]): string {
  const where: string[] = [];
  if (page.before !== undefined) {
    params.push(page.before);
    where.push(`id < $${params.length}::bigint`);
  }
  if (page.status !== undefined) {
    params.push(page.status);
    where.push(`status = $${params.length}`);
  }
  params.push(page.limit);
  return `${where.length ? `AND ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`;
}

@Injectable()
export class PgOrderRepository extends OrderRepository {
  constructor(private readonly shards: OrderShards) {
    super();
  }

  async claim(userId: string, key: string, fingerprint: string, orderId: string, leaseMs: number): Promise<ClaimOutcome> {
    const { db } = this.shards.ofUser(userId);
    try {
      const claimed: unknown[] = await db.query(
        `INSERT INTO order_requests (user_id, idempotency_key, fingerprint, order_id, leased_until)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::double precision / 1000))
         ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING order_id`,
        [userId, key, fingerprint, orderId, leaseMs],
      );
      if (claimed.length > 0) return { claimed: true };
    } catch (error) {
      // The primary key conflict is handled above; this is the order id taken by someone else.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return { claimed: false, collision: true };
      throw error;
    }
    const held = await this.findClaim(userId, key);
    // Dropped between our insert and this read: the caller simply tries again.
    if (!held) return this.claim(userId, key, fingerprint, orderId, leaseMs);
    return { claimed: false, ...held };
  }

  async findClaim(userId: string, key: string): Promise<{ fingerprint: string; orderId: string; state: 'pending' | 'done' } | undefined> {
    const [held]: { fingerprint: string; order_id: string; state: 'pending' | 'done' }[] = await this.shards
      .ofUser(userId)
      .db.query(`SELECT fingerprint, order_id::text AS order_id, state FROM order_requests WHERE user_id = $1 AND idempotency_key = $2`, [userId, key]);
    return held && { fingerprint: held.fingerprint, orderId: held.order_id, state: held.state };
  }

  async dropClaim(userId: string, key: string, orderId: string): Promise<void> {
    await this.shards
      .ofUser(userId)
      .db.query(`DELETE FROM order_requests WHERE user_id = $1 AND idempotency_key = $2 AND order_id = $3 AND state = 'pending'`, [userId, key, orderId]);
  }

  async create(order: Order, key: string, outbox: OutboxEntry[]): Promise<boolean> {
    const shard = this.shards.ofUser(order.userId);
    return shard.db.transaction(async (m) => {
      // Locks the claim: a sweeper expiring it waits for us, or we find it gone and write nothing.
      const [, held]: [unknown, number] = await m.query(
        `UPDATE order_requests SET state = 'done' WHERE user_id = $1 AND idempotency_key = $2 AND order_id = $3 AND state = 'pending'`,
        [order.userId, key, order.id],
      );
      if (held === 0) return false;
      await m.query(
        `INSERT INTO orders (id, bucket, user_id, status, items, total_amount, currency, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [order.id, shard.bucket, order.userId, order.status, JSON.stringify(order.items), order.total.amount, order.total.currency, order.createdAt],
      );
      await addEvent(m, order.id, order.status, 'Order placed');
      await writeOutbox(m, order.id, outbox);
      return true;
    });
  }

  async findById(orderId: string): Promise<Order | undefined> {
    const shard = this.shards.ofOrder(orderId);
    if (!shard) return undefined;
    const [row]: OrderRow[] = await shard.db.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [orderId]);
    return row && orderFromRow(row);
  }

  async listForUser(userId: string, page: OrderPageQuery): Promise<Order[]> {
    const params: unknown[] = [userId];
    const rows: OrderRow[] = await this.shards.ofUser(userId).db.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 ${pageSql(page, params)}`, params);
    return rows.map(orderFromRow);
  }

  async listAll(page: OrderPageQuery): Promise<Order[]> {
    const perShard = await Promise.all(
      this.shards.all().map(async ({ db }) => {
        const params: unknown[] = [];
        const rows: OrderRow[] = await db.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE true ${pageSql(page, params)}`, params);
        return rows.map(orderFromRow);
      }),
    );
    return perShard
      .flat()
      .sort((a, b) => compareIdsDesc(a.id, b.id))
      .slice(0, page.limit);
  }

  async cancel(
    orderId: string,
    cancellable: readonly OrderStatus[],
    outbox: (order: Order) => OutboxEntry[],
  ): Promise<{ order: Order; cancelled: boolean } | undefined> {
    const shard = this.shards.ofOrder(orderId);
    if (!shard) return undefined;
    return shard.db.transaction(async (m) => {
      const [row]: OrderRow[] = await m.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
      if (!row) return undefined;
      if (!cancellable.includes(row.status)) return { order: orderFromRow(row), cancelled: false };
      const updated = (await advance(m, orderId, row.status, 'cancelled', `Cancelled while ${row.status}`))!;
      const order = orderFromRow(updated);
      await writeOutbox(m, orderId, outbox({ ...order, status: row.status }));
      return { order, cancelled: true };
    });
  }

  async findInvoice(orderId: string): Promise<Invoice | undefined> {
    const shard = this.shards.ofOrder(orderId);
    if (!shard) return undefined;
    const [row]: { number: string; user_id: string; lines: Invoice['lines']; total_amount: string; currency: string; issued_at: Date }[] =
      await shard.db.query(
        `SELECT i.number, o.user_id, i.lines, i.total_amount::text AS total_amount, i.currency, i.issued_at
         FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.order_id = $1`,
        [orderId],
      );
    return (
      row && {
        number: row.number,
        orderId,
        userId: row.user_id,
        issuedAt: row.issued_at.toISOString(),
        lines: row.lines,
        total: { amount: Number(row.total_amount), currency: row.currency },
      }
    );
  }

  async findTracking(orderId: string): Promise<Tracking | undefined> {
    const shard = this.shards.ofOrder(orderId);
    if (!shard) return undefined;
    const [head]: { status: OrderStatus; tracking_number: string | null }[] = await shard.db.query(
      `SELECT o.status, s.tracking_number FROM orders o LEFT JOIN shipments s ON s.order_id = o.id WHERE o.id = $1`,
      [orderId],
    );
    if (!head) return undefined;
    const events: { at: Date; status: OrderStatus; detail: string }[] = await shard.db.query(
      `SELECT at, status, detail FROM order_events WHERE order_id = $1 ORDER BY at, array_position(ARRAY['pending','paid','fulfilled','shipped','delivered','cancelled'], status)`,
      [orderId],
    );
    return {
      status: head.status,
      trackingNumber: head.tracking_number,
      events: events.map((e) => ({ at: e.at.toISOString(), status: e.status, detail: e.detail })),
    };
  }
}
