import type { DataSourceOptions } from 'typeorm';
import type { DatabaseSchema } from './database-schema.js';
import { CreateSurgeMeta1764000000000 } from './migrations/1764000000000-create-surge-meta.js';

export const PLATFORM_MIGRATIONS = [CreateSurgeMeta1764000000000];

export interface DataSourceSettings {
  name: string;
  url: string;
  schema: DatabaseSchema;
  poolSize: number;
  embedded: boolean;
}

/** The one place DataSource options are built, for the app and for `npm run migrate` alike. */
export function dataSourceOptions(s: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: s.url,
    entities: s.schema.entities,
    migrations: [...PLATFORM_MIGRATIONS, ...(s.schema.migrations as never[])],
    migrationsTableName: 'surge_migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is core since PostgreSQL 13 (and in PGlite): install no extension.
    installExtensions: false,
    applicationName: `surge:${s.name}`,
    // pg pool settings: bounded, fail fast when the server is gone instead of hanging requests.
    extra: {
      max: s.embedded ? 4 : s.poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    },
    // Not 'error': TypeORM would log the parameters of a failed query (password hashes, tokens).
    // Failed queries still surface as errors to the caller and the HTTP error log.
    logging: ['migration', 'warn'],
  };
}
