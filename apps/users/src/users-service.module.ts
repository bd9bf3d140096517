import { Module, type DynamicModule } from '@nestjs/common';
import { USERS_PORT_METHODS, UsersPort } from '@surge/contracts';
import { USERS_SCHEMA, USERS_USE_CASES, UsersModule } from '@surge/users';
import { AppConfig, ConfigModule } from '@surge/platform/config';
import { DatabaseModule, type DatabaseSchemas } from '@surge/platform/database';
import { HealthModule } from '@surge/platform/health';
import { LoggingModule, MetricsController } from '@surge/platform/observability';
import { RedisModule } from '@surge/platform/redis';
import { ServiceApiModule } from '@surge/platform/remote';

/** The users service: accounts, sessions and roles on its own database, served as `users.*`. */
@Module({})
export class UsersServiceModule {
  static readonly schemas: DatabaseSchemas = { users: USERS_SCHEMA };

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: UsersServiceModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot(config, UsersServiceModule.schemas),
        RedisModule,
        HealthModule,
        UsersModule,
        ServiceApiModule.forService('users', {
          ports: [{ token: UsersPort, methods: USERS_PORT_METHODS }],
          useCases: USERS_USE_CASES,
        }),
      ],
      controllers: [MetricsController],
    };
  }
}
