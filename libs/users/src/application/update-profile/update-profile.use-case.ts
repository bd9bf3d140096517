import { Injectable } from '@nestjs/common';
import type { UserDto } from '@surge/contracts';
import { passwordProblems } from '../../domain/password-policy.js';
import { toUserDto } from '../../domain/user.js';
import { IncorrectCurrentPasswordError, UserNotFoundError, WeakPasswordError } from '../../domain/users.errors.js';
import { PasswordHasher } from '../../ports/password-hasher.js';
import { RefreshTokenStore } from '../../ports/refresh-token.store.js';
import { UserRepository, type UserChanges } from '../../ports/user.repository.js';

export interface UpdateProfileInput {
  name?: string;
  password?: string;
  currentPassword?: string;
}

/**
 * Changes the caller's name and/or password. A new password needs the current one, and signs
 * out every other session (all refresh tokens of the user are revoked).
 */
@Injectable()
export class UpdateProfileUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenStore,
  ) {}

  async execute(userId: string, input: UpdateProfileInput): Promise<UserDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundError();
    const changes: UserChanges = {};
    if (input.name !== undefined) changes.name = input.name.trim();
    if (input.password !== undefined) {
      if (!(await this.hasher.verify(input.currentPassword ?? '', user.passwordHash))) throw new IncorrectCurrentPasswordError();
      const problems = passwordProblems(input.password, { email: user.email, name: user.name });
      if (problems.length > 0) throw new WeakPasswordError(problems);
      changes.passwordHash = await this.hasher.hash(input.password);
    }
    if (Object.keys(changes).length === 0) return toUserDto(user);
    const updated = await this.users.update(userId, changes);
    if (!updated) throw new UserNotFoundError();
    if (changes.passwordHash) await this.refreshTokens.revokeAllOfUser(userId);
    return toUserDto(updated);
  }
}
