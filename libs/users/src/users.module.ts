import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { UsersPort } from '@surge/contracts';
import { AuthModule, InMemoryThrottlerStorage, RedisThrottlerStorage, THROTTLER_STORAGE } from '@surge/platform/auth';
import { AppConfig } from '@surge/platform/config';
import { REDIS } from '@surge/platform/redis';
import { BootstrapAdminUseCase } from './application/bootstrap-admin/bootstrap-admin.use-case.js';
import { ChangeUserRoleUseCase } from './application/change-user-role/change-user-role.use-case.js';
import { GetProfileUseCase } from './application/get-profile/get-profile.use-case.js';
import { IssueSessionUseCase } from './application/issue-session/issue-session.use-case.js';
import { ListUsersUseCase } from './application/list-users/list-users.use-case.js';
import { LogInUseCase } from './application/log-in/log-in.use-case.js';
import { LogOutUseCase } from './application/log-out/log-out.use-case.js';
import { RefreshSessionUseCase } from './application/refresh-session/refresh-session.use-case.js';
import { RegisterUserUseCase } from './application/register-user/register-user.use-case.js';
import { UpdateProfileUseCase } from './application/update-profile/update-profile.use-case.js';
import { AdminUsersController } from './http/admin-users.controller.js';
import { AuthController } from './http/auth.controller.js';
import { AuthRateLimitGuard } from './http/auth-rate-limit.guard.js';
import { UsersMeController } from './http/users-me.controller.js';
import { AdminBootstrapper } from './infrastructure/admin-bootstrapper.js';
import { Argon2PasswordHasher } from './infrastructure/argon2.password-hasher.js';
import { JwtAccessTokenIssuer } from './infrastructure/jwt.access-token-issuer.js';
import { LocalUsersPort } from './infrastructure/local-users.port.js';
import { PgRefreshTokenStore } from './infrastructure/typeorm/pg-refresh-token.store.js';
import { PgUserRepository } from './infrastructure/typeorm/pg-user.repository.js';
import { RefreshTokenEntity } from './infrastructure/typeorm/refresh-token.entity.js';
import { UserEntity } from './infrastructure/typeorm/user.entity.js';
import { UsersDemoSeeder } from './infrastructure/users-demo.seeder.js';
import { USERS_USE_CASES } from './users.use-cases.js';
import { AccessTokenIssuer } from './ports/access-token.issuer.js';
import { PasswordHasher } from './ports/password-hasher.js';
import { RefreshTokenStore } from './ports/refresh-token.store.js';
import { UserRepository } from './ports/user.repository.js';

/**
 * Accounts, sessions and roles on the `users` DataSource. Global so that other modules reach
 * UsersPort and the use cases without importing this lib; AuthModule (token verification) comes with
 * it. No routes: UsersHttpModule serves them.
 */
@Global()
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity], 'users')],
  providers: [
    { provide: UserRepository, useClass: PgUserRepository },
    { provide: RefreshTokenStore, useClass: PgRefreshTokenStore },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: AccessTokenIssuer, useClass: JwtAccessTokenIssuer },
    { provide: UsersPort, useClass: LocalUsersPort },
    IssueSessionUseCase,
    RegisterUserUseCase,
    LogInUseCase,
    RefreshSessionUseCase,
    LogOutUseCase,
    GetProfileUseCase,
    UpdateProfileUseCase,
    ListUsersUseCase,
    ChangeUserRoleUseCase,
    BootstrapAdminUseCase,
    AdminBootstrapper,
    UsersDemoSeeder,
  ],
  exports: [UsersPort, ...USERS_USE_CASES.map((b) => b.useCase)],
})
export class UsersModule {}

/**
 * The users HTTP routes. Their use cases come from wherever the app binds them: UsersModule in the
 * monolith, remote bindings of USERS_USE_CASES in the gateway. The auth rate limit runs here, in
 * front of the use cases, on Redis when configured so it holds across replicas.
 */
@Module({
  imports: [AuthModule],
  controllers: [AuthController, UsersMeController, AdminUsersController],
  providers: [
    {
      provide: THROTTLER_STORAGE,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | undefined) =>
        redis ? new RedisThrottlerStorage(redis, config.keyPrefix) : new InMemoryThrottlerStorage(),
    },
    AuthRateLimitGuard,
  ],
})
export class UsersHttpModule {}
