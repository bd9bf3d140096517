import { Injectable, Logger } from '@nestjs/common';
import { passwordProblems } from '../../domain/password-policy.js';
import { normalizeEmail } from '../../domain/user.js';
import { PasswordHasher } from '../../ports/password-hasher.js';
import { UserRepository } from '../../ports/user.repository.js';

/**
 * Makes sure the configured admin exists. Idempotent and safe when replicas start together (the
 * repository does it in one statement); an existing account is promoted, its password untouched.
 */
@Injectable()
export class BootstrapAdminUseCase {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(email: string, password: string): Promise<'created' | 'promoted' | 'unchanged'> {
    const normalized = normalizeEmail(email);
    const problems = passwordProblems(password, { email: normalized });
    if (problems.length > 0) this.logger.warn(`ADMIN_PASSWORD is weak (${problems.join('; ')}); change it`);
    const outcome = await this.users.ensureAdmin({ email: normalized, name: 'Administrator', passwordHash: await this.hasher.hash(password) });
    if (outcome === 'created') this.logger.log(`bootstrapped admin ${normalized}`);
    if (outcome === 'promoted') this.logger.warn(`promoted existing account ${normalized} to admin; ADMIN_PASSWORD was not applied to it`);
    return outcome;
  }
}
