export { CatalogHttpModule, CatalogModule } from './catalog.module.js';
export { CATALOG_USE_CASES } from './catalog.use-cases.js';
export { CATALOG_SCHEMA } from './catalog.schema.js';
export { DEMO_CATEGORIES } from './infrastructure/catalog-demo.seeder.js';
export { PRODUCT_SORTS, type ProductSort } from './domain/product-query.js';
