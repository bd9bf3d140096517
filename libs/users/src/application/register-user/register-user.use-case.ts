import { Injectable } from '@nestjs/common';
import type { UserDto } from '@surge/contracts';
import { passwordProblems } from '../../domain/password-policy.js';
import { normalizeEmail, toUserDto } from '../../domain/user.js';
import { WeakPasswordError } from '../../domain/users.errors.js';
import { PasswordHasher } from '../../ports/password-hasher.js';
import { UserRepository } from '../../ports/user.repository.js';
import { IssueSessionUseCase, type Session } from '../issue-session/issue-session.use-case.js';

export interface RegisterUserInput {
  email: string;
  password: string;
  name: string;
}

export type Registration = { user: UserDto } & Session;

/** Creates a customer account and signs it in. */
@Injectable()
export class RegisterUserUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: IssueSessionUseCase,
  ) {}

  async execute(input: RegisterUserInput): Promise<Registration> {
    const email = normalizeEmail(input.email);
    const problems = passwordProblems(input.password, { email });
    if (problems.length > 0) throw new WeakPasswordError(problems);
    const user = await this.users.create({
      email,
      name: input.name.trim(),
      role: 'customer',
      passwordHash: await this.hasher.hash(input.password),
    });
    const session = await this.sessions.execute({ user });
    return { user: toUserDto(user), ...session };
  }
}
