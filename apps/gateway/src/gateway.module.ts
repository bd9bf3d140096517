import { Module, type DynamicModule } from '@nestjs/common';
import { CATALOG_PORT_METHODS, CatalogPort, USERS_PORT_METHODS, UsersPort } from '@surge/contracts';
import { CATALOG_USE_CASES, CatalogHttpModule } from '@surge/catalog';
import { ORDERS_USE_CASES, OrdersHttpModule } from '@surge/orders';
import { USERS_USE_CASES, UsersHttpModule } from '@surge/users';
import { AuthModule } from '@surge/platform/auth';
import { AppConfig, ConfigModule } from '@surge/platform/config';
import { HealthModule } from '@surge/platform/health';
import { LoggingModule, MetricsController } from '@surge/platform/observability';
import { RedisModule } from '@surge/platform/redis';
import { RemoteModule } from '@surge/platform/remote';

/**
 * The HTTP front of the split topology: the same controllers as the monolith, with every use case
 * and port bound to the catalog, orders and users services over Redis. No database, no queue:
 * tokens are verified here (shared JWT_SECRET); the auth rate limit counts in Redis.
 */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        RedisModule,
        HealthModule,
        AuthModule,
        RemoteModule.forRoot({
          ports: [
            { token: CatalogPort, service: 'catalog', methods: CATALOG_PORT_METHODS },
            { token: UsersPort, service: 'users', methods: USERS_PORT_METHODS },
          ],
          useCases: [
            { service: 'catalog', bindings: CATALOG_USE_CASES },
            { service: 'orders', bindings: ORDERS_USE_CASES },
            { service: 'users', bindings: USERS_USE_CASES },
          ],
        }),
        UsersHttpModule,
        CatalogHttpModule,
        OrdersHttpModule,
      ],
      controllers: [MetricsController],
    };
  }
}
