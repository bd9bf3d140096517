import { Injectable } from '@nestjs/common';
import { ValidationFailedError, type FieldError, type ProductDto } from '@surge/contracts';
import {
  DEFAULT_PAGE_LIMIT,
  decodeCursor,
  encodeCursor,
  sortValueOf,
  type ProductFilter,
  type ProductSort,
} from '../../domain/product-query.js';
import { ProductRepository } from '../../ports/product.repository.js';
import { CatalogCache } from '../catalog-cache.js';

export interface ListProductsInput extends ProductFilter {
  limit?: number;
  cursor?: string;
  /** 1-based offset page; the answer then carries page.number and page.total. */
  page?: number;
  sort?: Exclude<ProductSort, 'relevance'>;
}

export interface ProductPage {
  items: ProductDto[];
  page: { limit: number; nextCursor: string | null; number?: number; total?: number };
}

/** Browsing and search: keyset pages by default, offset pages on request, cached per query. */
@Injectable()
export class ListProductsUseCase {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  execute(input: ListProductsInput): Promise<ProductPage> {
    const q = input.q?.trim().replace(/\s+/g, ' ').toLowerCase() || undefined;
    const sort: ProductSort = input.sort ?? (q ? 'relevance' : '-createdAt');
    const limit = input.limit ?? DEFAULT_PAGE_LIMIT;
    const problems: FieldError[] = [];
    if (input.cursor !== undefined && input.page !== undefined) problems.push({ field: 'page', message: 'page and cursor cannot be combined' });
    if (input.minPrice !== undefined && input.maxPrice !== undefined && input.minPrice > input.maxPrice) {
      problems.push({ field: 'minPrice', message: 'minPrice must not exceed maxPrice' });
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, sort);
    const filter: ProductFilter = { category: input.category, minPrice: input.minPrice, maxPrice: input.maxPrice, inStock: input.inStock, q };
    const key = JSON.stringify([sort, limit, input.cursor ?? null, input.page ?? null, filter.category ?? null, filter.minPrice ?? null, filter.maxPrice ?? null, filter.inStock ?? null, q ?? null]);

    return this.cache.list(key, async () => {
      const offset = input.page === undefined ? undefined : (input.page - 1) * limit;
      const [rows, total] = await Promise.all([
        this.products.list({ ...filter, sort, limit: limit + 1, after, offset }),
        input.page === undefined ? undefined : this.products.count(filter),
      ]);
      const listed = rows.slice(0, limit);
      const last = listed[listed.length - 1];
      const nextCursor = rows.length > limit && last ? encodeCursor({ sort, value: sortValueOf(sort, last), id: last.product.id }) : null;
      const page: ProductPage['page'] = { limit, nextCursor };
      if (input.page !== undefined) Object.assign(page, { number: input.page, total });
      return { items: listed.map((l) => l.product), page };
    });
  }
}
