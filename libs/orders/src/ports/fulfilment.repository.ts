import type { InvoiceLine, Order } from '../domain/order.js';
import type { OutboxEntry } from './outbox.js';

export interface Charge {
  chargeId: string;
  amount: number;
  currency: string;
}

export type PaymentOutcome = 'paid' | 'already-recorded' | 'cancelled';

/**
 * The fulfilment steps of an order. Each one changes the order only from the status it expects
 * and writes its row under a key that a retry hits again, so running a step twice does nothing.
 */
export abstract class FulfilmentRepository {
  /** Records the charge; moves pending -> paid (with `next`) or, if cancelled meanwhile, queues `ifCancelled`. */
  abstract recordPayment(orderId: string, charge: Charge, next: OutboxEntry[], ifCancelled: OutboxEntry[]): Promise<PaymentOutcome>;

  /** Issues the invoice and moves paid -> fulfilled. False when the order was not paid. */
  abstract issueInvoice(order: Order, number: string, lines: InvoiceLine[], next: OutboxEntry[]): Promise<boolean>;

  /** Records the shipment and moves fulfilled -> shipped. */
  abstract ship(orderId: string, carrier: string, trackingNumber: string, next: OutboxEntry[]): Promise<boolean>;

  /** Moves shipped -> delivered. */
  abstract deliver(orderId: string): Promise<boolean>;

  /** The charge of an order, if it was paid. */
  abstract findPayment(orderId: string): Promise<(Charge & { refunded: boolean }) | undefined>;

  abstract markRefunded(orderId: string): Promise<boolean>;

  /** Stores a notification once per (order, kind); false when it was already sent. */
  abstract recordNotification(order: Order, kind: string, body: string): Promise<boolean>;
}
