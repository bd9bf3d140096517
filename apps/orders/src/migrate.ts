import 'reflect-metadata';
import { migrateAndExit } from '@surge/platform/http';
import { OrdersServiceModule } from './orders-service.module.js';

// The orders service's databases only; run before a new version of the service starts.
await migrateAndExit(OrdersServiceModule.schemas);
