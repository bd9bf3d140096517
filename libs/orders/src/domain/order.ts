import type { MoneyDto } from '@surge/contracts';

export const ORDER_STATUSES = ['pending', 'paid', 'fulfilled', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses from which a customer or admin may still cancel (before anything has left the warehouse). */
export const CANCELLABLE: readonly OrderStatus[] = ['pending', 'paid'];

export interface OrderLine {
  productId: number;
  /** Snapshot at the time of ordering. */
  name: string;
  unitPrice: MoneyDto;
  quantity: number;
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  items: OrderLine[];
  total: MoneyDto;
  createdAt: string;
  updatedAt: string;
}

export interface TrackingEvent {
  at: string;
  status: OrderStatus;
  detail: string;
}

export interface Tracking {
  status: OrderStatus;
  trackingNumber: string | null;
  events: TrackingEvent[];
}

export interface InvoiceLine extends OrderLine {
  lineTotal: MoneyDto;
}

export interface Invoice {
  number: string;
  orderId: string;
  userId: string;
  issuedAt: string;
  lines: InvoiceLine[];
  total: MoneyDto;
}

/** Largest total we accept: bigint in the database, but exact integers in JSON stop at 2^53. */
export const MAX_TOTAL_MINOR = Number.MAX_SAFE_INTEGER;

export function lineTotal(line: OrderLine): MoneyDto {
  return { amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency };
}
