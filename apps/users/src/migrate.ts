import 'reflect-metadata';
import { migrateAndExit } from '@surge/platform/http';
import { UsersServiceModule } from './users-service.module.js';

// The users service's databases only; run before a new version of the service starts.
await migrateAndExit(UsersServiceModule.schemas);
