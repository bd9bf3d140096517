import { DomainError, NotFoundError } from '@surge/contracts';
import type { OrderStatus } from './order.js';

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('Order not found');
  }
}

export class InvoiceNotIssuedError extends NotFoundError {
  constructor() {
    super('No invoice has been issued for this order yet', 'INVOICE_NOT_ISSUED');
  }
}

export class ProductNotFoundError extends NotFoundError {
  constructor(productId: number) {
    super(`Product ${productId} does not exist or is not for sale`, 'PRODUCT_NOT_FOUND');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
  }
}

/** The first request with this key is still being processed (and took longer than we wait). */
export class IdempotencyKeyInProgressError extends DomainError {
  constructor() {
    super('conflict', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still in progress; retry shortly', {
      retryAfterSeconds: 1,
    });
  }
}

export class OrderNotCancellableError extends DomainError {
  constructor(status: OrderStatus) {
    super('conflict', 'ORDER_NOT_CANCELLABLE', `An order that is ${status} can no longer be cancelled`, { details: { status } });
  }
}

export class CartEmptyError extends DomainError {
  constructor() {
    super('validation', 'CART_EMPTY', 'The cart is empty: add items or send them in the body', {
      errors: [{ field: 'items', message: 'items are required when the cart is empty' }],
    });
  }
}

export class CurrencyMismatchError extends DomainError {
  constructor() {
    super('unprocessable', 'CURRENCY_MISMATCH', 'All items of one order or cart must have the same currency');
  }
}

export class PurchaseLimitExceededError extends DomainError {
  constructor(productId: number, limit: number, bought: number) {
    super('conflict', 'PURCHASE_LIMIT_EXCEEDED', `At most ${limit} units of flash-sale product ${productId} per customer`, {
      details: { productId, limit, bought },
    });
  }
}
