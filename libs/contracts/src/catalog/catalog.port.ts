import { DomainError } from '../errors/domain-error.js';

/** Money in integer minor units (cents) with an ISO 4217 code. */
export interface MoneyDto {
  amount: number;
  currency: string;
}

export interface CategoryDto {
  slug: string;
  name: string;
}

/** A product as other modules and HTTP clients see it. */
export interface ProductDto {
  id: number;
  sku: string;
  name: string;
  description: string;
  price: MoneyDto;
  stock: number;
  category: CategoryDto;
  flashSale: boolean;
  active: boolean;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
}

export interface StockItem {
  productId: number;
  quantity: number;
}

/** What a reservation id stands for; `released` also when a release came before any reserve. */
export interface StockReservationDto {
  reservationId: string;
  status: 'reserved' | 'released';
  items: StockItem[];
}

/** One item a reservation could not take: `available` is the stock at the time (0 for unknown or inactive products). */
export interface StockShortage {
  productId: number;
  requested: number;
  available: number;
}

export class OutOfStockError extends DomainError {
  constructor(readonly shortages: StockShortage[]) {
    super('conflict', 'OUT_OF_STOCK', 'Not enough stock for some items', { details: { items: shortages } });
  }
}

/**
 * What the catalog module promises other modules (orders). Bound to the local implementation in
 * the monolith and inside the catalog service, to a remote client elsewhere.
 */
export abstract class CatalogPort {
  /** Active products with these ids, in the order asked; unknown or inactive ids are left out. */
  abstract getProducts(ids: number[]): Promise<ProductDto[]>;

  /**
   * Takes stock for every item or for none (throws OutOfStockError naming the short items).
   * Idempotent per reservationId: a retry returns the first outcome and takes nothing twice.
   */
  abstract reserveStock(reservationId: string, items: StockItem[]): Promise<StockReservationDto>;

  /**
   * Gives a reservation's stock back, once. Releasing an unknown id records it as released, so a
   * reserve that arrives late (a retried call) takes nothing.
   */
  abstract releaseStock(reservationId: string): Promise<StockReservationDto>;
}
