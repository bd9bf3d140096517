import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogPort } from '@surge/contracts';
import { AuthModule } from '@surge/platform/auth';
import { CatalogCache } from './application/catalog-cache.js';
import { CreateCategoryUseCase } from './application/create-category/create-category.use-case.js';
import { CreateProductUseCase } from './application/create-product/create-product.use-case.js';
import { DeactivateProductUseCase } from './application/deactivate-product/deactivate-product.use-case.js';
import { GetProductUseCase } from './application/get-product/get-product.use-case.js';
import { ListCategoriesUseCase } from './application/list-categories/list-categories.use-case.js';
import { ListProductsUseCase } from './application/list-products/list-products.use-case.js';
import { ReleaseStockUseCase } from './application/release-stock/release-stock.use-case.js';
import { ReserveStockUseCase } from './application/reserve-stock/reserve-stock.use-case.js';
import { SetStockUseCase } from './application/set-stock/set-stock.use-case.js';
import { UpdateProductUseCase } from './application/update-product/update-product.use-case.js';
import { AdminProductsController } from './http/admin-products.controller.js';
import { CategoriesController } from './http/categories.controller.js';
import { ProductsController } from './http/products.controller.js';
import { CatalogDemoSeeder } from './infrastructure/catalog-demo.seeder.js';
import { LocalCatalogPort } from './infrastructure/local-catalog.port.js';
import { CATALOG_ENTITIES } from './infrastructure/typeorm/catalog.entities.js';
import { PgProductRepository } from './infrastructure/typeorm/pg-product.repository.js';
import { PgStockLedger } from './infrastructure/typeorm/pg-stock.ledger.js';
import { ProductRepository } from './ports/product.repository.js';
import { StockLedger } from './ports/stock.ledger.js';
import { CATALOG_USE_CASES } from './catalog.use-cases.js';

/**
 * Products, categories and stock on the `catalog` DataSource, cached through the platform's
 * TieredCache. Global so that other modules reach CatalogPort and the use cases without importing
 * this lib. No routes: CatalogHttpModule serves them.
 */
@Global()
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature(CATALOG_ENTITIES, 'catalog')],
  providers: [
    { provide: ProductRepository, useClass: PgProductRepository },
    { provide: StockLedger, useClass: PgStockLedger },
    { provide: CatalogPort, useClass: LocalCatalogPort },
    CatalogCache,
    ListProductsUseCase,
    GetProductUseCase,
    CreateProductUseCase,
    UpdateProductUseCase,
    DeactivateProductUseCase,
    SetStockUseCase,
    ListCategoriesUseCase,
    CreateCategoryUseCase,
    ReserveStockUseCase,
    ReleaseStockUseCase,
    CatalogDemoSeeder,
  ],
  exports: [CatalogPort, ...CATALOG_USE_CASES.map((b) => b.useCase)],
})
export class CatalogModule {}

/**
 * The catalog HTTP routes. Their use cases come from wherever the app binds them: CatalogModule in
 * the monolith, remote bindings of CATALOG_USE_CASES in the gateway.
 */
@Module({
  imports: [AuthModule],
  controllers: [ProductsController, CategoriesController, AdminProductsController],
})
export class CatalogHttpModule {}
