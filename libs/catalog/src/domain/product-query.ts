import type { ProductDto } from '@surge/contracts';
import { InvalidCursorError } from './catalog.errors.js';

export const PRODUCT_SORTS = ['price', '-price', 'name', '-name', 'createdAt', '-createdAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number] | 'relevance';

export const DEFAULT_PAGE_LIMIT = 20;

export interface ProductFilter {
  /** Category slug. */
  category?: string;
  /** Inclusive bounds on price.amount (minor units). */
  minPrice?: number;
  maxPrice?: number;
  /** true: stock > 0; false: stock = 0. */
  inStock?: boolean;
  /** websearch_to_tsquery syntax over name (weight A) and description (weight B). */
  q?: string;
}

/** Where a keyset page starts: strictly after this sort value and id, in sort order. */
export interface ProductCursor {
  sort: ProductSort;
  value: number | string;
  id: number;
}

/** A listed product and, when searching, its ts_rank (part of the relevance cursor). */
export interface ListedProduct {
  product: ProductDto;
  rank: number | null;
}

/** The value of the sort key of a listed product, as a cursor holds it. */
export function sortValueOf(sort: ProductSort, listed: ListedProduct): number | string {
  switch (sort) {
    case 'price':
    case '-price':
      return listed.product.price.amount;
    case 'name':
    case '-name':
      return listed.product.name;
    case 'createdAt':
    case '-createdAt':
      return listed.product.createdAt;
    case 'relevance':
      return listed.rank ?? 0;
  }
}

/** Opaque to clients: base64url of [sort, value, id]. */
export function encodeCursor(cursor: ProductCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

/** Refuses cursors that were not made for this sort (they would page through another order). */
export function decodeCursor(text: string, sort: ProductSort): ProductCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw new InvalidCursorError();
  const [cursorSort, value, id] = parsed as unknown[];
  if (cursorSort !== sort || !Number.isSafeInteger(id) || (id as number) < 1) throw new InvalidCursorError();
  const valid =
    sort === 'name' || sort === '-name'
      ? typeof value === 'string'
      : sort === 'createdAt' || sort === '-createdAt'
        ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
        : sort === 'relevance'
          ? typeof value === 'number' && Number.isFinite(value)
          : Number.isSafeInteger(value);
  if (!valid) throw new InvalidCursorError();
  return { sort, value: value as number | string, id: id as number };
}
