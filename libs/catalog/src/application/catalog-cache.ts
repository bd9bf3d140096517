import { Injectable } from '@nestjs/common';
import type { CategoryDto } from '@surge/contracts';
import { TieredCache } from '@surge/platform/cache';
import type { ProductRecord } from '../domain/product.js';

const LIST_NAMESPACE = 'catalog:list';
const productKey = (id: number): string => `catalog:product:${id}`;
const CATEGORIES_KEY = 'catalog:categories';

// Detail changes are invalidated explicitly, so its TTL only bounds memory; list pages are keyed
// by a namespace version that every product write bumps. Unknown ids are remembered briefly.
const DETAIL = { ttlMs: 5 * 60_000, negativeTtlMs: 5_000, jitter: 0.1 };
const LIST = { ttlMs: 15_000, jitter: 0.1 };

/** The catalog's keys and policies over the platform's two-level cache. */
@Injectable()
export class CatalogCache {
  constructor(private readonly cache: TieredCache) {}

  product(id: number, load: () => Promise<ProductRecord | null>): Promise<ProductRecord | null> {
    return this.cache.getOrLoad(productKey(id), load, DETAIL);
  }

  async list<T>(normalizedQuery: string, load: () => Promise<T>): Promise<T> {
    const version = await this.cache.namespaceVersion(LIST_NAMESPACE);
    return (await this.cache.getOrLoad<T>(`${LIST_NAMESPACE}:v${version}:${normalizedQuery}`, load, LIST)) as T;
  }

  async categories(load: () => Promise<CategoryDto[]>): Promise<CategoryDto[]> {
    return (await this.cache.getOrLoad(CATEGORIES_KEY, load, LIST)) ?? [];
  }

  /**
   * After stock moved through orders: only the detail entries. Bumping the list namespace here would
   * empty every cached list page on each order, exactly when a sale brings the crowd; list pages
   * show stock at most LIST.ttlMs old instead (the order path itself never trusts cached stock).
   */
  async stockMoved(...ids: number[]): Promise<void> {
    await this.cache.invalidate(...ids.map(productKey));
  }

  /** After a write to these products: their detail entries everywhere, and every list page. */
  async productsChanged(...ids: number[]): Promise<void> {
    await Promise.all([this.cache.invalidate(...ids.map(productKey)), this.cache.bumpNamespace(LIST_NAMESPACE)]);
  }

  async categoriesChanged(): Promise<void> {
    await Promise.all([this.cache.invalidate(CATEGORIES_KEY), this.cache.bumpNamespace(LIST_NAMESPACE)]);
  }
}
