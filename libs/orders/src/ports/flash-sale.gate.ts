export interface FlashItem {
  productId: number;
  quantity: number;
  /** The catalog's stock now: seeds the counter when it does not exist yet. */
  stock: number;
}

/**
 * The admission counter in front of flash-sale stock: buyers are turned away here, atomically and
 * without touching PostgreSQL, once the units are gone or their per-customer limit is reached.
 * The catalog's conditional UPDATE stays the final word for those let through.
 */
export abstract class FlashSaleGate {
  abstract readonly enabled: boolean;

  /** Takes every item or none (OutOfStockError, PurchaseLimitExceededError). A repeat for an order id takes nothing. */
  abstract take(orderId: string, userId: string, items: FlashItem[]): Promise<void>;

  /** Returns what `take` took for this order, once. */
  abstract giveBack(orderId: string): Promise<void>;
}
