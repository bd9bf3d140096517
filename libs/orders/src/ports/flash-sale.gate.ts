import type { StockShortage } from '@surge/contracts';

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

  /**
   * The items whose counter shows fewer units than asked (flash-sale items with a live counter
   * only): a sold-out answer that costs one read. Empty when unknown.
   */
  abstract soldOut(items: { productId: number; quantity: number }[]): Promise<StockShortage[]>;

  /** Returns what `take` took for this order, once. */
  abstract giveBack(orderId: string): Promise<void>;
}
