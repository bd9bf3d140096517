import { DataSource } from 'typeorm';
import type { AppConfig } from '@surge/platform/config';
import { dataSourceOptions } from './data-source-options.js';
import { logicalDatabaseOf, type DatabaseSchemas } from './database-schema.js';
import { EmbeddedDatabases } from './embedded/embedded-databases.js';

/** Applies pending migrations to every database the schemas name; what `npm run migrate` runs. */
export async function runMigrations(config: AppConfig, schemas: DatabaseSchemas, log: (line: string) => void): Promise<void> {
  const embedded = new EmbeddedDatabases(config);
  try {
    for (const target of config.databases) {
      const schema = schemas[logicalDatabaseOf(target.name)];
      if (!schema) continue;
      const url = await embedded.urlOf(target.name);
      const ds = await new DataSource(
        dataSourceOptions({ name: target.name, url, schema, poolSize: 1, embedded: !target.url }),
      ).initialize();
      try {
        const applied = await ds.runMigrations({ transaction: 'each' });
        log(`${target.name}: ${applied.length ? applied.map((m) => m.name).join(', ') : 'up to date'}`);
      } finally {
        await ds.destroy();
      }
    }
  } finally {
    await embedded.stopAll();
  }
}
