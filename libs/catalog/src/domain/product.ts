import type { ProductDto } from '@surge/contracts';

/** A product with its concurrency version: the version never leaves the module except in ETags. */
export interface ProductRecord {
  product: ProductDto;
  version: number;
}

/** Weak entity tag of one product version, e.g. W/"42-3". */
export function productEtag(record: ProductRecord): string {
  return `W/"${record.product.id}-${record.version}"`;
}

/**
 * The version an If-Match header names for this product: `*` means any (undefined), a tag for
 * another product or an unreadable tag means none can match (-1).
 */
export function versionFromIfMatch(header: string | undefined, productId: number): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const versions = header.split(',').map((tag) => {
    const match = /^\s*(?:W\/)?"(\d+)-(\d+)"\s*$/.exec(tag);
    return match && Number(match[1]) === productId ? Number(match[2]) : -1;
  });
  return versions.find((v) => v >= 0) ?? -1;
}

/** RFC 9110 weak comparison of If-None-Match against the current tag. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
