import { Module, type DynamicModule } from '@nestjs/common';
import { CATALOG_PORT_METHODS, CatalogPort } from '@surge/contracts';
import { CATALOG_SCHEMA, CATALOG_USE_CASES, CatalogModule } from '@surge/catalog';
import { CacheModule } from '@surge/platform/cache';
import { AppConfig, ConfigModule } from '@surge/platform/config';
import { DatabaseModule, type DatabaseSchemas } from '@surge/platform/database';
import { HealthModule } from '@surge/platform/health';
import { LoggingModule, MetricsController } from '@surge/platform/observability';
import { RedisModule } from '@surge/platform/redis';
import { ServiceApiModule } from '@surge/platform/remote';

/** The catalog service: products, categories and stock on its own database, served as `catalog.*`. */
@Module({})
export class CatalogServiceModule {
  static readonly schemas: DatabaseSchemas = { catalog: CATALOG_SCHEMA };

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CatalogServiceModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(config, CatalogServiceModule.schemas),
        RedisModule,
        CacheModule.forRootAsync(),
        HealthModule,
        CatalogModule,
        ServiceApiModule.forService('catalog', {
          ports: [{ token: CatalogPort, methods: CATALOG_PORT_METHODS }],
          useCases: CATALOG_USE_CASES,
        }),
      ],
      controllers: [MetricsController],
    };
  }
}
