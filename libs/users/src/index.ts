export { UsersHttpModule, UsersModule } from './users.module.js';
export { USERS_USE_CASES } from './users.use-cases.js';
export { USERS_SCHEMA } from './users.schema.js';
export { DEMO_CUSTOMER } from './infrastructure/users-demo.seeder.js';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblems } from './domain/password-policy.js';
export { REFRESH_TOKEN_TTL_SECONDS } from './domain/refresh-token.js';
export { BootstrapAdminUseCase } from './application/bootstrap-admin/bootstrap-admin.use-case.js';
