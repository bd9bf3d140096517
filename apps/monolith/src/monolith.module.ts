import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@surge/platform/config';
import { CacheModule } from '@surge/platform/cache';
import { DatabaseModule, type DatabaseSchemas } from '@surge/platform/database';
import { HealthModule } from '@surge/platform/health';
import { LoggingModule, MetricsController } from '@surge/platform/observability';
import { QueueDashboardModule, QueueModule } from '@surge/platform/queue';
import { RedisModule } from '@surge/platform/redis';
import { USERS_SCHEMA, UsersHttpModule, UsersModule } from '@surge/users';
import { CATALOG_SCHEMA, CatalogHttpModule, CatalogModule } from '@surge/catalog';
import { ORDERS_SCHEMA, OrdersHttpModule, OrdersModule } from '@surge/orders';

/**
 * Every logical database the monolith opens. Domain libs contribute their entities and migrations
 * here as they land (users, catalog, orders); until then each holds the platform tables only.
 */
export const MONOLITH_SCHEMAS: DatabaseSchemas = {
  users: USERS_SCHEMA,
  catalog: CATALOG_SCHEMA,
  orders: ORDERS_SCHEMA,
};

/** The whole shop in one process. */
@Module({})
export class MonolithModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MonolithModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(config, MONOLITH_SCHEMAS),
        RedisModule,
        CacheModule.forRootAsync(),
        QueueModule.forRootAsync({ concurrency: 16 }),
        QueueDashboardModule,
        HealthModule,
        UsersModule,
        CatalogModule,
        OrdersModule,
        UsersHttpModule,
        CatalogHttpModule,
        OrdersHttpModule,
      ],
      controllers: [MetricsController],
    };
  }
}
