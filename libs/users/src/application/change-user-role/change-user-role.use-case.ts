import { Injectable } from '@nestjs/common';
import type { Role, UserDto } from '@surge/contracts';
import { toUserDto } from '../../domain/user.js';
import { OwnRoleChangeError, UserNotFoundError } from '../../domain/users.errors.js';
import { UserRepository } from '../../ports/user.repository.js';

/**
 * An admin sets another user's role. Admins cannot change their own (no locking the last admin
 * out by accident). Access tokens already issued keep their role until they expire (15 min).
 */
@Injectable()
export class ChangeUserRoleUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(actorId: string, userId: string, role: Role): Promise<UserDto> {
    if (actorId === userId) throw new OwnRoleChangeError();
    const updated = await this.users.update(userId, { role });
    if (!updated) throw new UserNotFoundError();
    return toUserDto(updated);
  }
}
