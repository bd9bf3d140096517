import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OutOfStockError, ValidationFailedError, type StockItem, type StockReservationDto, type StockShortage } from '@surge/contracts';
import { StockLedger, type StockOutcome } from '../../ports/stock.ledger.js';

const MAX_INT = 2_147_483_647;

/** Sums duplicate products and orders items by product id, the order rows are locked in (no deadlocks). */
function mergeItems(items: StockItem[]): StockItem[] {
  const bad = items.flatMap((item, i) => {
    const problems = [];
    if (!Number.isSafeInteger(item.productId) || item.productId < 1 || item.productId > MAX_INT) {
      problems.push({ field: `items.${i}.productId`, message: 'productId must be a positive integer' });
    }
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_INT) {
      problems.push({ field: `items.${i}.quantity`, message: 'quantity must be a positive integer' });
    }
    return problems;
  });
  if (items.length === 0) bad.push({ field: 'items', message: 'items must not be empty' });
  if (bad.length > 0) throw new ValidationFailedError(bad);
  const merged = new Map<number, number>();
  for (const { productId, quantity } of items) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => a.productId - b.productId);
}

/**
 * Stock reservations in the `catalog` database. Each item is taken by one conditional UPDATE
 * (`stock >= quantity`): under concurrency PostgreSQL re-checks the condition on the row it waited
 * for, so stock cannot go below zero (the CHECK constraint is the backstop). The reservation row
 * is inserted first in the same transaction: a concurrent retry with the same id waits on its
 * primary key and then finds the work done.
 */
@Injectable()
export class PgStockLedger extends StockLedger {
  constructor(@InjectDataSource('catalog') private readonly db: DataSource) {
    super();
  }

  async reserve(reservationId: string, items: StockItem[]): Promise<StockOutcome> {
    const wanted = mergeItems(items);
    return this.db.transaction(async (m) => {
      const claimed: unknown[] = await m.query(
        `INSERT INTO stock_reservations (id, status) VALUES ($1, 'reserved') ON CONFLICT (id) DO NOTHING RETURNING id`,
        [reservationId],
      );
      if (claimed.length === 0) return { reservation: await this.load(m, reservationId), changed: false };
      const short: StockItem[] = [];
      for (const item of wanted) {
        const taken: unknown[] = await m.query(
          `WITH p AS (
             UPDATE products SET stock = stock - $2, version = version + 1, updated_at = now()
             WHERE id = $1 AND active AND stock >= $2 RETURNING id
           ) SELECT id FROM p`,
          [item.productId, item.quantity],
        );
        if (taken.length === 0) short.push(item);
      }
      // Throwing rolls back the whole transaction: the items already taken and the reservation row.
      if (short.length > 0) throw new OutOfStockError(await this.shortages(m, short));
      await m.query(
        `INSERT INTO stock_reservation_items (reservation_id, product_id, quantity)
         SELECT $1, * FROM unnest($2::integer[], $3::integer[])`,
        [reservationId, wanted.map((i) => i.productId), wanted.map((i) => i.quantity)],
      );
      return { reservation: { reservationId, status: 'reserved', items: wanted }, changed: true };
    });
  }

  async release(reservationId: string): Promise<StockOutcome> {
    return this.db.transaction(async (m) => {
      // An unknown id is recorded as released: a reserve retried after this takes nothing.
      const tombstone: unknown[] = await m.query(
        `INSERT INTO stock_reservations (id, status, released_at) VALUES ($1, 'released', now()) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [reservationId],
      );
      if (tombstone.length > 0) return { reservation: { reservationId, status: 'released', items: [] }, changed: false };
      const released: unknown[] = await m.query(
        `WITH r AS (
           UPDATE stock_reservations SET status = 'released', released_at = now() WHERE id = $1 AND status = 'reserved' RETURNING id
         ) SELECT id FROM r`,
        [reservationId],
      );
      const reservation = await this.load(m, reservationId);
      if (released.length === 0) return { reservation, changed: false };
      for (const item of reservation.items) {
        await m.query(`UPDATE products SET stock = stock + $2, version = version + 1, updated_at = now() WHERE id = $1`, [
          item.productId,
          item.quantity,
        ]);
      }
      return { reservation, changed: true };
    });
  }

  private async load(m: EntityManager, reservationId: string): Promise<StockReservationDto> {
    const [head]: { status: 'reserved' | 'released' }[] = await m.query(`SELECT status FROM stock_reservations WHERE id = $1`, [reservationId]);
    const items: { product_id: number; quantity: number }[] = await m.query(
      `SELECT product_id, quantity FROM stock_reservation_items WHERE reservation_id = $1 ORDER BY product_id`,
      [reservationId],
    );
    return {
      reservationId,
      status: head!.status,
      items: items.map((i) => ({ productId: i.product_id, quantity: i.quantity })),
    };
  }

  private async shortages(m: EntityManager, short: StockItem[]): Promise<StockShortage[]> {
    const rows: { id: number; stock: number; active: boolean }[] = await m.query(
      `SELECT id, stock, active FROM products WHERE id = ANY($1::integer[])`,
      [short.map((i) => i.productId)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return short.map((i) => {
      const row = byId.get(i.productId);
      return { productId: i.productId, requested: i.quantity, available: row?.active ? row.stock : 0 };
    });
  }
}
