import { OutOfStockError, type StockShortage } from '../catalog/catalog.port.js';
import { DomainError, NotFoundError, ServiceUnavailableError, ValidationFailedError, type DomainErrorData, type FieldError } from './domain-error.js';

/**
 * Rebuilds a domain error that crossed a transport as data, as the subclass callers test with
 * `instanceof` where one is known; anything else comes back as a plain DomainError with the same
 * data. Plug into a transport client as its `errorFactory`.
 *
 * A subclass is chosen only when the data has exactly the shape that subclass produces (kind, and
 * no extra fields it would drop), so `domainErrorFromData(d).toData()` always equals `d`, save a
 * SERVICE_UNAVAILABLE without `retryAfterSeconds`, which gets the class default.
 * Subclasses living in domain libs (e.g. ProductNotFoundError) come back as their base class.
 */
export function domainErrorFromData(data: DomainErrorData): DomainError {
  return rebuild(data) ?? DomainError.fromData(data);
}

function rebuild(data: DomainErrorData): DomainError | undefined {
  const { kind, code, message, details, errors, retryAfterSeconds } = data;
  switch (code) {
    case 'OUT_OF_STOCK': {
      const items = details?.items;
      if (kind !== 'conflict' || errors !== undefined || retryAfterSeconds !== undefined) return undefined;
      if (!details || Object.keys(details).length !== 1 || !isShortageList(items)) return undefined;
      // Its constructor fixes the message; keep the one the service sent.
      return withMessage(new OutOfStockError(items.map((s) => ({ ...s }))), message);
    }
    case 'VALIDATION_FAILED':
      if (kind !== 'validation' || details !== undefined || retryAfterSeconds !== undefined || !isFieldErrorList(errors)) return undefined;
      return new ValidationFailedError(errors.map((e) => ({ ...e })), message);
    case 'SERVICE_UNAVAILABLE':
      if (kind !== 'unavailable' || details !== undefined || errors !== undefined) return undefined;
      return new ServiceUnavailableError(message, typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined);
  }
  // NotFoundError takes any code (PRODUCT_NOT_FOUND, INVOICE_NOT_ISSUED...) but carries no extra fields.
  if (kind === 'not_found' && details === undefined && errors === undefined && retryAfterSeconds === undefined) {
    return new NotFoundError(message, code);
  }
  return undefined;
}

function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message;
  return error;
}

function isShortageList(value: unknown): value is StockShortage[] {
  return (
    Array.isArray(value) &&
    value.every(
      (s: unknown) =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as StockShortage).productId === 'number' &&
        typeof (s as StockShortage).requested === 'number' &&
        typeof (s as StockShortage).available === 'number',
    )
  );
}

function isFieldErrorList(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e: unknown) =>
        typeof e === 'object' && e !== null && typeof (e as FieldError).field === 'string' && typeof (e as FieldError).message === 'string',
    )
  );
}
