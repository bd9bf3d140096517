import { describe, expect, it } from '@jest/globals';
import { OutOfStockError } from '../catalog/catalog.port.js';
import { DomainError, NotFoundError, ServiceUnavailableError, ValidationFailedError, type DomainErrorData } from './domain-error.js';
import { domainErrorFromData } from './domain-error-registry.js';

/** What a transport does to the data: JSON both ways. */
const overTheWire = (error: DomainError): DomainErrorData => JSON.parse(JSON.stringify(error.toData())) as DomainErrorData;

describe('domainErrorFromData', () => {
  it('rebuilds OutOfStockError with its shortages and the message the service sent', () => {
    const shortages = [{ productId: 3, requested: 5, available: 1 }];
    const data = overTheWire(new OutOfStockError(shortages));
    const error = domainErrorFromData(data);

    expect(error).toBeInstanceOf(OutOfStockError);
    expect((error as OutOfStockError).shortages).toEqual(shortages);
    expect(error.toData()).toEqual(data);
    expect(domainErrorFromData({ ...data, message: 'Sold out' }).message).toBe('Sold out');
  });

  it('rebuilds ValidationFailedError with its field errors and message', () => {
    const data = overTheWire(new ValidationFailedError([{ field: 'email', message: 'must be an email' }], 'Bad body'));
    const error = domainErrorFromData(data);

    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.toData()).toEqual(data);
  });

  it('rebuilds NotFoundError for any not_found code without extra fields', () => {
    for (const source of [new NotFoundError(), new NotFoundError('Product 7 does not exist', 'PRODUCT_NOT_FOUND')]) {
      const data = overTheWire(source);
      const error = domainErrorFromData(data);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.toData()).toEqual(data);
    }
  });

  it('rebuilds ServiceUnavailableError with its Retry-After', () => {
    const data = overTheWire(new ServiceUnavailableError('Catalog is down', 12));
    const error = domainErrorFromData(data);

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.toData()).toEqual({ kind: 'unavailable', code: 'SERVICE_UNAVAILABLE', message: 'Catalog is down', retryAfterSeconds: 12 });
  });

  it('falls back to a plain DomainError with the same data for unknown codes', () => {
    const data: DomainErrorData = { kind: 'conflict', code: 'SKU_TAKEN', message: 'A product with sku X already exists', details: { sku: 'X' } };
    const error = domainErrorFromData(data);

    expect(error.constructor).toBe(DomainError);
    expect(error.toData()).toEqual(data);
  });

  it('falls back rather than drop or invent data when a known code has an unexpected shape', () => {
    const odd: DomainErrorData[] = [
      { kind: 'conflict', code: 'OUT_OF_STOCK', message: 'x' }, // no details.items
      { kind: 'conflict', code: 'OUT_OF_STOCK', message: 'x', details: { items: [{ productId: '3' }] } },
      { kind: 'conflict', code: 'OUT_OF_STOCK', message: 'x', details: { items: [], warehouse: 'b' } },
      { kind: 'unprocessable', code: 'OUT_OF_STOCK', message: 'x', details: { items: [] } }, // other kind
      { kind: 'validation', code: 'VALIDATION_FAILED', message: 'x' }, // no errors
      { kind: 'not_found', code: 'NOT_FOUND', message: 'x', details: { id: 7 } },
      { kind: 'unavailable', code: 'SERVICE_UNAVAILABLE', message: 'x', details: { host: 'h' } },
    ];
    for (const data of odd) {
      const error = domainErrorFromData(data);
      expect(error.constructor).toBe(DomainError);
      expect(error.toData()).toEqual(data);
    }
  });
});
