import type { CategoryDto, MoneyDto, ProductDto } from '@surge/contracts';
import type { ProductRecord } from '../domain/product.js';
import type { ListedProduct, ProductCursor, ProductFilter, ProductSort } from '../domain/product-query.js';

export interface NewProduct {
  sku: string;
  name: string;
  description: string;
  price: MoneyDto;
  stock: number;
  /** Category slug. */
  category: string;
  flashSale: boolean;
  active: boolean;
}

export type ProductChanges = Partial<Omit<NewProduct, 'stock'>>;

export interface ProductListQuery extends ProductFilter {
  sort: ProductSort;
  limit: number;
  after?: ProductCursor;
  offset?: number;
}

/** Where products and categories are kept. Only active products are ever listed. */
export abstract class ProductRepository {
  abstract list(query: ProductListQuery): Promise<ListedProduct[]>;
  abstract count(filter: ProductFilter): Promise<number>;
  /** Active or not. */
  abstract findById(id: number): Promise<ProductRecord | null>;
  /** Active products only, in the order of `ids`. */
  abstract findActiveByIds(ids: number[]): Promise<ProductDto[]>;
  /** Throws SkuTakenError (also under a race) or UnknownCategoryError. */
  abstract create(product: NewProduct): Promise<ProductRecord>;
  /**
   * Applies the changes and bumps the version, only while the version is `expectedVersion` when
   * given. Throws ProductNotFoundError, StaleVersionError, SkuTakenError or UnknownCategoryError.
   */
  abstract update(id: number, changes: ProductChanges, expectedVersion?: number): Promise<ProductRecord>;
  /** Null when there is no such product. */
  abstract setStock(id: number, stock: number): Promise<ProductRecord | null>;
  /** False when there is no such product; deactivating twice is fine. */
  abstract deactivate(id: number): Promise<boolean>;
  abstract listCategories(): Promise<CategoryDto[]>;
  /** Throws CategoryTakenError. */
  abstract createCategory(category: CategoryDto): Promise<CategoryDto>;
}
