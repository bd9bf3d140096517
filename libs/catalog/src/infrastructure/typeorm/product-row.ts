import type { ProductDto } from '@surge/contracts';
import type { ProductRecord } from '../../domain/product.js';

/** A products row joined with its category, as the queries of this lib select it. */
export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  description: string;
  price_amount: number;
  currency: string;
  stock: number;
  category_slug: string;
  category_name: string;
  flash_sale: boolean;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  rank?: number | null;
}

/** Columns for ProductRow, from `p` (products) and `c` (categories). */
export const PRODUCT_COLUMNS = `p.id, p.sku, p.name, p.description, p.price_amount, p.currency, p.stock,
  c.slug AS category_slug, c.name AS category_name, p.flash_sale, p.active, p.version, p.created_at, p.updated_at`;

export function toProductDto(r: ProductRow): ProductDto {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    description: r.description,
    price: { amount: r.price_amount, currency: r.currency },
    stock: r.stock,
    category: { slug: r.category_slug, name: r.category_name },
    flashSale: r.flash_sale,
    active: r.active,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export const toProductRecord = (r: ProductRow): ProductRecord => ({ product: toProductDto(r), version: r.version });
