import 'reflect-metadata';
import { runMigrations } from '@surge/platform/database';
import { loadConfigOrExit } from '@surge/platform/http';
import { MONOLITH_SCHEMAS } from './monolith.module.js';

// `npm run migrate`: how production applies schema changes (MIGRATE_ON_START is off there).
const config = loadConfigOrExit();
try {
  await runMigrations(config, MONOLITH_SCHEMAS, (line) => process.stdout.write(`${line}\n`));
} catch (error) {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
