import { Injectable } from '@nestjs/common';
import { AppConfig } from '@surge/platform/config';
import { CartStore, type CartLine } from '../ports/cart.store.js';
import { OrderShards } from './order-shards.js';

/** The cart on the user's order shard (no Redis); lines idle for CART_TTL_SECONDS are ignored and purged. */
@Injectable()
export class PgCartStore extends CartStore {
  constructor(
    private readonly shards: OrderShards,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async get(userId: string): Promise<CartLine[]> {
    const db = this.shards.ofUser(userId).db;
    // The whole cart expires together, as the Redis hash does: its newest line dates it.
    await db.query(
      `DELETE FROM cart_items WHERE user_id = $1 AND (SELECT max(updated_at) FROM cart_items WHERE user_id = $1) < now() - make_interval(secs => $2)`,
      [userId, this.config.cartTtlSeconds],
    );
    const rows: { product_id: number; quantity: number }[] = await db.query(
      `SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY product_id`,
      [userId],
    );
    return rows.map((r) => ({ productId: r.product_id, quantity: r.quantity }));
  }

  async set(userId: string, productId: number, quantity: number): Promise<void> {
    await this.shards.ofUser(userId).db.query(
      `INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()`,
      [userId, productId, quantity],
    );
  }

  async remove(userId: string, productId: number): Promise<void> {
    await this.shards.ofUser(userId).db.query(`DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2`, [userId, productId]);
  }

  async clear(userId: string): Promise<void> {
    await this.shards.ofUser(userId).db.query(`DELETE FROM cart_items WHERE user_id = $1`, [userId]);
  }
}
