import { createHash } from 'node:crypto';
import { ValidationFailedError, type StockItem } from '@surge/contracts';

export const MAX_ORDER_LINES = 50;
export const MAX_LINE_QUANTITY = 1000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** Idempotency-Key: 1 to 255 visible ASCII characters (a UUID is typical). */
export function checkIdempotencyKey(key: string | undefined): string {
  if (key === undefined || !KEY_FORMAT.test(key)) {
    throw new ValidationFailedError(
      [{ field: 'Idempotency-Key', message: 'header Idempotency-Key is required: 1 to 255 visible ASCII characters' }],
      'A valid Idempotency-Key header is required',
    );
  }
  return key;
}

/** Sums lines of the same product and sorts them: the form stock is reserved and the body compared in. */
export function normalizeItems(items: StockItem[]): StockItem[] {
  const merged = new Map<number, number>();
  for (const { productId, quantity } of items) merged.set(productId, (merged.get(productId) ?? 0) + quantity);
  const lines = [...merged].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => a.productId - b.productId);
  const tooMany = lines.flatMap((line, i) =>
    line.quantity > MAX_LINE_QUANTITY ? [{ field: `items.${i}.quantity`, message: `at most ${MAX_LINE_QUANTITY} units of product ${line.productId}` }] : [],
  );
  if (tooMany.length > 0) throw new ValidationFailedError(tooMany);
  return lines;
}

/**
 * What "the same body" means for Idempotency-Key: the same items (in any order or split), or
 * "the cart" when the body named none. A replay after the cart was emptied still matches.
 */
export function requestFingerprint(items: StockItem[] | undefined): string {
  const canonical = items === undefined ? 'cart' : JSON.stringify(normalizeItems(items).map((i) => [i.productId, i.quantity]));
  return createHash('sha256').update(canonical).digest('base64url');
}
