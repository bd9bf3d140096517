import type { DatabaseSchema } from '@surge/platform/database';
import { CATALOG_ENTITIES } from './infrastructure/typeorm/catalog.entities.js';
import { CreateCatalog1764200000000 } from './migrations/1764200000000-create-catalog.js';

/** What the catalog lib contributes to the `catalog` database. */
export const CATALOG_SCHEMA: DatabaseSchema = {
  entities: CATALOG_ENTITIES,
  migrations: [CreateCatalog1764200000000],
};
