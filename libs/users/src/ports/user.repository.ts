import type { Role } from '@surge/contracts';
import type { User } from '../domain/user.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export interface UserChanges {
  name?: string;
  role?: Role;
  passwordHash?: string;
}

export interface UserListQuery {
  limit: number;
  /** Return users whose email sorts after this one. */
  afterEmail?: string;
  /** Case-insensitive substring of email or name. */
  q?: string;
}

/** Where users are kept. Emails given here are already normalised. */
export abstract class UserRepository {
  /** Throws EmailTakenError when the email is registered already (also under a race). */
  abstract create(user: NewUser): Promise<User>;
  abstract findById(id: string): Promise<User | null>;
  abstract findByEmail(email: string): Promise<User | null>;
  /** The updated user, or null when there is none with this id. */
  abstract update(id: string, changes: UserChanges): Promise<User | null>;
  /** Users in email order. */
  abstract list(query: UserListQuery): Promise<User[]>;
  /**
   * Makes sure an admin with this email exists, atomically (replicas may start together): creates
   * it, or promotes an existing account without touching its password.
   */
  abstract ensureAdmin(user: Omit<NewUser, 'role'>): Promise<'created' | 'promoted' | 'unchanged'>;
}
