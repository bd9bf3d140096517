/** The roles a Surge user can hold; `customer` is the default. */
export type Role = 'customer' | 'admin';

export const ROLES: readonly Role[] = ['customer', 'admin'];

/** A user as other modules and HTTP clients see it (never the password hash). */
export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** ISO 8601 timestamp. */
  createdAt: string;
}

/** Who made a request, as read from a verified access token (no call to the users module). */
export interface AuthenticatedUser {
  id: string;
  role: Role;
}

/**
 * What the users module promises other modules. Bound to the local implementation in the monolith
 * and inside the users service, to a remote client elsewhere.
 */
export abstract class UsersPort {
  abstract getUser(id: string): Promise<UserDto | null>;
}
