import 'reflect-metadata';
import { migrateAndExit } from '@surge/platform/http';
import { MONOLITH_SCHEMAS } from './monolith.module.js';

// `npm run migrate`: how production applies schema changes (MIGRATE_ON_START is off there).
await migrateAndExit(MONOLITH_SCHEMAS);
