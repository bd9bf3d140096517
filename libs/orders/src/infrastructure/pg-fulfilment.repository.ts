import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { InvoiceLine, Order } from '../domain/order.js';
import { FulfilmentRepository, type Charge, type PaymentOutcome } from '../ports/fulfilment.repository.js';
import type { OutboxEntry } from '../ports/outbox.js';
import { advance, writeOutbox } from './order-sql.js';
import { OrderShards } from './order-shards.js';

@Injectable()
export class PgFulfilmentRepository extends FulfilmentRepository {
  constructor(private readonly shards: OrderShards) {
    super();
  }

  async recordPayment(orderId: string, charge: Charge, next: OutboxEntry[], ifCancelled: OutboxEntry[]): Promise<PaymentOutcome> {
    return this.db(orderId).transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO payments (order_id, charge_id, amount, currency) VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [orderId, charge.chargeId, charge.amount, charge.currency],
      );
      if (inserted.length === 0) return 'already-recorded';
      if (await advance(m, orderId, 'pending', 'paid', `Payment ${charge.chargeId} captured`)) {
        await writeOutbox(m, orderId, next);
        return 'paid';
      }
      // Cancelled while the provider was charging: the money goes back.
      await writeOutbox(m, orderId, ifCancelled);
      return 'cancelled';
    });
  }

  async issueInvoice(order: Order, number: string, lines: InvoiceLine[], next: OutboxEntry[]): Promise<boolean> {
    return this.db(order.id).transaction(async (m) => {
      if (!(await advance(m, order.id, 'paid', 'fulfilled', `Invoice ${number} issued`))) return false;
      await m.query(`INSERT INTO invoices (order_id, number, lines, total_amount, currency) VALUES ($1, $2, $3, $4, $5)`, [
        order.id,
        number,
        JSON.stringify(lines),
        order.total.amount,
        order.total.currency,
      ]);
      await writeOutbox(m, order.id, next);
      return true;
    });
  }

  async ship(orderId: string, carrier: string, trackingNumber: string, next: OutboxEntry[]): Promise<boolean> {
    return this.db(orderId).transaction(async (m) => {
      if (!(await advance(m, orderId, 'fulfilled', 'shipped', `Handed to ${carrier}, tracking number ${trackingNumber}`))) return false;
      await m.query(`INSERT INTO shipments (order_id, carrier, tracking_number) VALUES ($1, $2, $3)`, [orderId, carrier, trackingNumber]);
      await writeOutbox(m, orderId, next);
      return true;
    });
  }

  async deliver(orderId: string): Promise<boolean> {
    return this.db(orderId).transaction(async (m) => {
      if (!(await advance(m, orderId, 'shipped', 'delivered', 'Delivered to the customer'))) return false;
      await m.query(`UPDATE shipments SET delivered_at = now() WHERE order_id = $1`, [orderId]);
      return true;
    });
  }

  async findPayment(orderId: string): Promise<(Charge & { refunded: boolean }) | undefined> {
    const [row]: { charge_id: string; amount: string; currency: string; refunded_at: Date | null }[] = await this.db(orderId).query(
      `SELECT charge_id, amount::text AS amount, currency, refunded_at FROM payments WHERE order_id = $1`,
      [orderId],
    );
    return row && { chargeId: row.charge_id, amount: Number(row.amount), currency: row.currency, refunded: row.refunded_at !== null };
  }

  async markRefunded(orderId: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.db(orderId).query(
      `UPDATE payments SET refunded_at = now() WHERE order_id = $1 AND refunded_at IS NULL`,
      [orderId],
    );
    return count > 0;
  }

  async recordNotification(order: Order, kind: string, body: string): Promise<boolean> {
    const inserted: unknown[] = await this.db(order.id).query(
      `INSERT INTO notifications (order_id, kind, recipient, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING order_id`,
      [order.id, kind, order.userId, body],
    );
    return inserted.length > 0;
  }

  private db(orderId: string): DataSource {
    const shard = this.shards.ofOrder(orderId);
    if (!shard) throw new Error(`Malformed order id ${orderId}`);
    return shard.db;
  }
}
