import type { Invoice, Order, OrderStatus, Tracking } from '../domain/order.js';
import type { OutboxEntry } from './outbox.js';

export type ClaimOutcome =
  | { claimed: true }
  | { claimed: false; fingerprint: string; orderId: string; state: 'pending' | 'done' }
  | { claimed: false; collision: true };

export interface OrderPageQuery {
  limit: number;
  /** Only ids below this one (the previous page's last id). */
  before?: string;
  status?: OrderStatus;
}

/** Orders and their idempotency claims, on the shard of their user. */
export abstract class OrderRepository {
  /**
   * Takes (user, key) for this request with the order id it will use, leased for `leaseMs`.
   * If the key is already taken, reports the holder instead; `collision` when the order id is.
   */
  abstract claim(userId: string, key: string, fingerprint: string, orderId: string, leaseMs: number): Promise<ClaimOutcome>;

  /** Who holds (user, key), if anyone. */
  abstract findClaim(userId: string, key: string): Promise<{ fingerprint: string; orderId: string; state: 'pending' | 'done' } | undefined>;

  /** Gives a claim up (its stock already released), so the key can be used again. */
  abstract dropClaim(userId: string, key: string, orderId: string): Promise<void>;

  /**
   * Writes the order, its first tracking event and its outbox entries, and marks the claim done,
   * in one shard transaction. False (nothing written) when the claim is no longer this order's.
   */
  abstract create(order: Order, key: string, outbox: OutboxEntry[]): Promise<boolean>;

  abstract findById(orderId: string): Promise<Order | undefined>;

  /** Newest first, from the user's shard; returns up to `limit` rows. */
  abstract listForUser(userId: string, page: OrderPageQuery): Promise<Order[]>;

  /** Newest first across every shard: each shard reads at most `limit` rows and the pages merge. */
  abstract listAll(page: OrderPageQuery): Promise<Order[]>;

  /**
   * Moves an order to cancelled when its status allows it, with its event and outbox entries.
   * Returns the order after the attempt and whether this call cancelled it.
   */
  abstract cancel(orderId: string, cancellable: readonly OrderStatus[], outbox: (order: Order) => OutboxEntry[]): Promise<{ order: Order; cancelled: boolean } | undefined>;

  abstract findInvoice(orderId: string): Promise<Invoice | undefined>;

  abstract findTracking(orderId: string): Promise<Tracking | undefined>;
}
