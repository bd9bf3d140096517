import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@surge/contracts';
import { checkIdempotencyKey, normalizeItems, requestFingerprint } from './order-request.js';

describe('order requests', () => {
  it('the same items in any order or split are the same body; the cart is its own body', () => {
    const a = requestFingerprint([{ productId: 2, quantity: 1 }, { productId: 1, quantity: 3 }]);
    const b = requestFingerprint([{ productId: 1, quantity: 1 }, { productId: 2, quantity: 1 }, { productId: 1, quantity: 2 }]);
    expect(a).toBe(b);
    expect(requestFingerprint([{ productId: 1, quantity: 4 }, { productId: 2, quantity: 1 }])).not.toBe(a);
    expect(requestFingerprint(undefined)).toBe(requestFingerprint(undefined));
    expect(requestFingerprint(undefined)).not.toBe(a);
  });

  it('merges lines of one product and refuses more than the line maximum', () => {
    expect(normalizeItems([{ productId: 9, quantity: 2 }, { productId: 3, quantity: 1 }, { productId: 9, quantity: 5 }])).toEqual([
      { productId: 3, quantity: 1 },
      { productId: 9, quantity: 7 },
    ]);
    expect(() => normalizeItems([{ productId: 1, quantity: 600 }, { productId: 1, quantity: 600 }])).toThrow(ValidationFailedError);
  });

  it('needs a visible-ASCII Idempotency-Key of 1 to 255 characters', () => {
    expect(checkIdempotencyKey('7f8e-key')).toBe('7f8e-key');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(256), 'ключ']) expect(() => checkIdempotencyKey(bad)).toThrow(ValidationFailedError);
  });
});
