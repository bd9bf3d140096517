import type { UseCaseBinding } from '@surge/platform/transport';
import { CreateCategoryUseCase } from './application/create-category/create-category.use-case.js';
import { CreateProductUseCase } from './application/create-product/create-product.use-case.js';
import { DeactivateProductUseCase } from './application/deactivate-product/deactivate-product.use-case.js';
import { GetProductUseCase } from './application/get-product/get-product.use-case.js';
import { ListCategoriesUseCase } from './application/list-categories/list-categories.use-case.js';
import { ListProductsUseCase } from './application/list-products/list-products.use-case.js';
import { SetStockUseCase } from './application/set-stock/set-stock.use-case.js';
import { UpdateProductUseCase } from './application/update-product/update-product.use-case.js';

/**
 * The use cases behind the catalog routes, as the catalog service serves them (`catalog.<name>`,
 * beside CatalogPort's getProducts, reserveStock and releaseStock). Creating a product or category
 * is not repeated (a retry would meet its own SKU or slug); an update carries no key either.
 */
export const CATALOG_USE_CASES: readonly UseCaseBinding[] = [
  { name: 'listProducts', useCase: ListProductsUseCase, idempotent: true },
  { name: 'getProduct', useCase: GetProductUseCase, idempotent: true },
  { name: 'createProduct', useCase: CreateProductUseCase, idempotent: false },
  { name: 'updateProduct', useCase: UpdateProductUseCase, idempotent: false },
  { name: 'deactivateProduct', useCase: DeactivateProductUseCase, idempotent: true },
  { name: 'setStock', useCase: SetStockUseCase, idempotent: true },
  { name: 'listCategories', useCase: ListCategoriesUseCase, idempotent: true },
  { name: 'createCategory', useCase: CreateCategoryUseCase, idempotent: false },
];
