import type { UseCaseBinding } from '@surge/platform/transport';
import { ChangeUserRoleUseCase } from './application/change-user-role/change-user-role.use-case.js';
import { GetProfileUseCase } from './application/get-profile/get-profile.use-case.js';
import { ListUsersUseCase } from './application/list-users/list-users.use-case.js';
import { LogInUseCase } from './application/log-in/log-in.use-case.js';
import { LogOutUseCase } from './application/log-out/log-out.use-case.js';
import { RefreshSessionUseCase } from './application/refresh-session/refresh-session.use-case.js';
import { RegisterUserUseCase } from './application/register-user/register-user.use-case.js';
import { UpdateProfileUseCase } from './application/update-profile/update-profile.use-case.js';

/**
 * The use cases behind the users routes, as the users service serves them (`users.<name>`).
 * Not idempotent: registration and anything that issues or rotates a refresh token.
 */
export const USERS_USE_CASES: readonly UseCaseBinding[] = [
  { name: 'registerUser', useCase: RegisterUserUseCase, idempotent: false },
  { name: 'logIn', useCase: LogInUseCase, idempotent: false },
  { name: 'refreshSession', useCase: RefreshSessionUseCase, idempotent: false },
  { name: 'logOut', useCase: LogOutUseCase, idempotent: true },
  { name: 'getProfile', useCase: GetProfileUseCase, idempotent: true },
  { name: 'updateProfile', useCase: UpdateProfileUseCase, idempotent: true },
  { name: 'listUsers', useCase: ListUsersUseCase, idempotent: true },
  { name: 'changeUserRole', useCase: ChangeUserRoleUseCase, idempotent: true },
];
