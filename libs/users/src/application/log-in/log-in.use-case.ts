import { Injectable } from '@nestjs/common';
import { normalizeEmail } from '../../domain/user.js';
import { InvalidCredentialsError } from '../../domain/users.errors.js';
import { PasswordHasher } from '../../ports/password-hasher.js';
import { UserRepository } from '../../ports/user.repository.js';
import { IssueSessionUseCase, type Session } from '../issue-session/issue-session.use-case.js';

export interface LogInInput {
  email: string;
  password: string;
}

/**
 * Email and password for a new session. An unknown email still costs one hash verification (a
 * dummy one) and fails with the very same error as a wrong password: nothing tells them apart.
 */
@Injectable()
export class LogInUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: IssueSessionUseCase,
  ) {}

  async execute(input: LogInInput): Promise<Session> {
    const user = await this.users.findByEmail(normalizeEmail(input.email));
    const matches = await this.hasher.verify(input.password, user?.passwordHash);
    if (!user || !matches) throw new InvalidCredentialsError();
    return this.sessions.execute({ user });
  }
}
