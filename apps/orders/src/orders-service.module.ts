import { Module, type DynamicModule } from '@nestjs/common';
import { CATALOG_PORT_METHODS, CatalogPort } from '@surge/contracts';
import { ORDERS_SCHEMA, ORDERS_USE_CASES, OrdersModule } from '@surge/orders';
import { AppConfig, ConfigModule } from '@surge/platform/config';
import { DatabaseModule, type DatabaseSchemas } from '@surge/platform/database';
import { HealthModule } from '@surge/platform/health';
import { LoggingModule, MetricsController } from '@surge/platform/observability';
import { QueueDashboardModule, QueueModule } from '@surge/platform/queue';
import { RedisModule } from '@surge/platform/redis';
import { RemoteModule, ServiceApiModule } from '@surge/platform/remote';

/**
 * The orders service: cart, checkout and the order lifecycle on the order shards, with its queue
 * workers and outbox relay, served as `orders.*`. Stock goes to the catalog service through a
 * remote CatalogPort.
 */
@Module({})
export class OrdersServiceModule {
  static readonly schemas: DatabaseSchemas = { orders: ORDERS_SCHEMA };

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OrdersServiceModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(config, OrdersServiceModule.schemas),
        RedisModule,
        QueueModule.forRootAsync({ concurrency: 16 }),
        // Bull Board on the service's own port (/admin/queues, admins only), next to the queues it works.
        QueueDashboardModule,
        HealthModule,
        RemoteModule.forRoot({ ports: [{ token: CatalogPort, service: 'catalog', methods: CATALOG_PORT_METHODS }] }),
        OrdersModule,
        ServiceApiModule.forService('orders', { useCases: ORDERS_USE_CASES }),
      ],
      controllers: [MetricsController],
    };
  }
}
