import 'reflect-metadata';
import { migrateAndExit } from '@surge/platform/http';
import { CatalogServiceModule } from './catalog-service.module.js';

// The catalog service's databases only; run before a new version of the service starts.
await migrateAndExit(CatalogServiceModule.schemas);
