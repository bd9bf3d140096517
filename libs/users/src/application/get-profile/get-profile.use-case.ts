import { Injectable } from '@nestjs/common';
import type { UserDto } from '@surge/contracts';
import { toUserDto } from '../../domain/user.js';
import { UserNotFoundError } from '../../domain/users.errors.js';
import { UserRepository } from '../../ports/user.repository.js';

@Injectable()
export class GetProfileUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(userId: string): Promise<UserDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new UserNotFoundError();
    return toUserDto(user);
  }
}
