import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { PasswordHasher } from '../ports/password-hasher.js';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hashes (PHC strings carrying their own salt and parameters). */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  /** Same parameters as real hashes, so verifying against it costs the same time. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(password: string, hash: string | undefined): Promise<boolean> {
    this.dummy ??= argon2.hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);
    const target = hash ?? (await this.dummy);
    let matches: boolean;
    try {
      matches = await argon2.verify(target, password);
    } catch {
      matches = false; // a malformed stored hash never matches
    }
    return hash !== undefined && matches;
  }
}
