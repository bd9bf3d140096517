import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@surge/platform/config';
import { dataSourceOptions } from './data-source-options.js';
import { logicalDatabaseOf, type DatabaseSchemas } from './database-schema.js';
import { DataSourceRegistry } from './data-source-registry.js';
import { EmbeddedDatabases } from './embedded/embedded-databases.js';
import { DemoSeedRunner } from './seeding/demo-seed-runner.js';

@Global()
@Module({ providers: [EmbeddedDatabases], exports: [EmbeddedDatabases] })
class EmbeddedDatabasesModule {}

/**
 * Opens one named TypeORM DataSource per logical database the app owns (`users`, `catalog`,
 * `orders_0..N-1`): PostgreSQL when its URL is configured, embedded PGlite otherwise.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly embedded: EmbeddedDatabases,
    private readonly registry: DataSourceRegistry,
  ) {}

  static forRoot(config: AppConfig, schemas: DatabaseSchemas): DynamicModule {
    const targets = config.databases.filter((t) => schemas[logicalDatabaseOf(t.name)]);
    const names = targets.map((t) => t.name);
    const dataSources = targets.map((target) =>
      TypeOrmModule.forRootAsync({
        name: target.name,
        inject: [EmbeddedDatabases],
        useFactory: async (embedded: EmbeddedDatabases) => ({
          ...dataSourceOptions({
            name: target.name,
            url: await embedded.urlOf(target.name),
            schema: schemas[logicalDatabaseOf(target.name)]!,
            poolSize: config.dbPoolSize,
            embedded: !target.url,
          }),
          migrationsRun: config.migrateOnStart,
          retryAttempts: 1,
        }),
        dataSourceFactory: async (options) => new DataSource(options!).initialize(),
      }),
    );
    return {
      module: DatabaseModule,
      imports: [DiscoveryModule, EmbeddedDatabasesModule, ...dataSources],
      providers: [
        {
          provide: DataSourceRegistry,
          useFactory: (...ds: DataSource[]) => new DataSourceRegistry(names, ds),
          inject: targets.map((t) => getDataSourceToken(t.name)),
        },
        DemoSeedRunner,
      ],
      exports: [DataSourceRegistry],
    };
  }

  /**
   * Closes the pools first, then the embedded servers under them, whatever order Nest runs module
   * hooks in (TypeORM's own hook skips DataSources already destroyed). A pool waiting on a client
   * that never comes back must not hold the process: each close is bounded.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.registry
        .all()
        .filter(([, ds]) => ds.isInitialized)
        .map(([, ds]) => Promise.race([ds.destroy().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())])),
    );
    await this.embedded.stopAll();
  }
}

