import type { DatabaseSchema } from '@surge/platform/database';
import { CreateUsers1764100000000 } from './migrations/1764100000000-create-users.js';
import { RefreshTokenEntity } from './infrastructure/typeorm/refresh-token.entity.js';
import { UserEntity } from './infrastructure/typeorm/user.entity.js';

/** What the users lib contributes to the `users` database. */
export const USERS_SCHEMA: DatabaseSchema = {
  entities: [UserEntity, RefreshTokenEntity],
  migrations: [CreateUsers1764100000000],
};
