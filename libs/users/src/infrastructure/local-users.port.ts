import { Injectable } from '@nestjs/common';
import { UsersPort, type UserDto } from '@surge/contracts';
import { toUserDto } from '../domain/user.js';
import { UserRepository } from '../ports/user.repository.js';

/** The in-process binding of UsersPort (monolith, and inside the users service). */
@Injectable()
export class LocalUsersPort extends UsersPort {
  constructor(private readonly users: UserRepository) {
    super();
  }

  async getUser(id: string): Promise<UserDto | null> {
    const user = await this.users.findById(id);
    return user ? toUserDto(user) : null;
  }
}
