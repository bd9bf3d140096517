import type { Role, UserDto } from '@surge/contracts';

/** A stored user. `passwordHash` never leaves the users module: map with `toUserDto`. */
export interface User {
  id: string;
  /** Normalised (trimmed, lower-case): the unique key. */
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export function toUserDto(user: User): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}

/** Emails compare case-insensitively: one spelling is stored and looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
