import type { OrderJobPayload, OrderNotificationKind, OrderNotificationPayload } from '@surge/contracts';
import type { JobDeclaration } from '@surge/platform/queue';
import type { OutboxEntry } from '../ports/outbox.js';

export const ORDERS_QUEUE = 'orders';
export const NOTIFICATIONS_QUEUE = 'notifications';

export const ORDER_JOB = {
  chargePayment: 'charge-payment',
  issueInvoice: 'issue-invoice',
  shipOrder: 'ship-order',
  deliverOrder: 'deliver-order',
  releaseStock: 'release-stock',
  refundPayment: 'refund-payment',
} as const;
export const SEND_NOTIFICATION = 'send-notification';

/** Payment talks to a flaky provider: more tries, short first backoff. */
export const ORDER_JOB_DECLARATIONS: JobDeclaration[] = [
  { queue: ORDERS_QUEUE, name: ORDER_JOB.chargePayment, attempts: 10, backoff: 200 },
  { queue: ORDERS_QUEUE, name: ORDER_JOB.issueInvoice, attempts: 5, backoff: 500 },
  { queue: ORDERS_QUEUE, name: ORDER_JOB.shipOrder, attempts: 5, backoff: 500 },
  { queue: ORDERS_QUEUE, name: ORDER_JOB.deliverOrder, attempts: 5, backoff: 500 },
  { queue: ORDERS_QUEUE, name: ORDER_JOB.releaseStock, attempts: 10, backoff: 500 },
  { queue: ORDERS_QUEUE, name: ORDER_JOB.refundPayment, attempts: 10, backoff: 500 },
  { queue: NOTIFICATIONS_QUEUE, name: SEND_NOTIFICATION, attempts: 5, backoff: 1000 },
];

export function orderStep(name: (typeof ORDER_JOB)[keyof typeof ORDER_JOB], payload: OrderJobPayload, delayMs = 0): OutboxEntry {
  return { queue: ORDERS_QUEUE, name, payload: { ...payload }, delayMs };
}

export function notification(kind: OrderNotificationKind, payload: OrderJobPayload): OutboxEntry {
  return { queue: NOTIFICATIONS_QUEUE, name: SEND_NOTIFICATION, payload: { ...payload, kind } satisfies OrderNotificationPayload };
}
