export { DatabaseModule } from './database.module.js';
export { DataSourceRegistry } from './data-source-registry.js';
export { dataSourceOptions, PLATFORM_MIGRATIONS } from './data-source-options.js';
export { logicalDatabaseOf, type DatabaseSchema, type DatabaseSchemas, type LogicalDatabase } from './database-schema.js';
export { EmbeddedPostgres } from './embedded/embedded-postgres.js';
export { EmbeddedDatabases } from './embedded/embedded-databases.js';
export { pgliteTemplate, templatePath } from './embedded/pglite-template.js';
export { AsDemoSeeder, type DemoSeeder } from './seeding/demo-seeder.js';
export { DemoSeedRunner } from './seeding/demo-seed-runner.js';
