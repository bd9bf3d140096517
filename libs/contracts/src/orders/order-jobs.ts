/** The payload of every order lifecycle job: the order, and the request that started it (for logs). */
export interface OrderJobPayload {
  orderId: string;
  requestId?: string;
}

export type OrderNotificationKind = 'order-confirmed' | 'order-cancelled' | 'order-shipped';

export interface OrderNotificationPayload extends OrderJobPayload {
  kind: OrderNotificationKind;
}
