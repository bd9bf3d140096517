import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '@surge/contracts';
import type { RefreshTokenRecord } from '../domain/refresh-token.js';
import type { User } from '../domain/user.js';
import { AccessTokenIssuer } from '../ports/access-token.issuer.js';
import { PasswordHasher } from '../ports/password-hasher.js';
import { RefreshTokenStore, type NewRefreshToken } from '../ports/refresh-token.store.js';
import { UserRepository, type NewUser, type UserChanges, type UserListQuery } from '../ports/user.repository.js';

/** In-memory stand-ins for the ports, for use-case unit specs. */
export class FakeRefreshTokenStore extends RefreshTokenStore {
  readonly tokens = new Map<string, Omit<RefreshTokenRecord, 'familyRevoked'> & { parentId: string | null }>();

  async create(t: NewRefreshToken): Promise<RefreshTokenRecord> {
    const rec = { id: randomUUID(), usedAt: null, revokedAt: null, ...t };
    this.tokens.set(rec.id, rec);
    return { ...rec, familyRevoked: false };
  }
  async findByHash(hash: string): Promise<RefreshTokenRecord | null> {
    const rec = [...this.tokens.values()].find((t) => t.tokenHash === hash);
    if (!rec) return null;
    const familyRevoked = [...this.tokens.values()].some((t) => t.familyId === rec.familyId && t.revokedAt);
    return { ...rec, familyRevoked };
  }
  async markUsed(id: string): Promise<boolean> {
    const rec = this.tokens.get(id);
    if (!rec || rec.usedAt || rec.revokedAt) return false;
    rec.usedAt = new Date();
    return true;
  }
  async revokeFamily(familyId: string): Promise<void> {
    for (const t of this.tokens.values()) if (t.familyId === familyId) t.revokedAt ??= new Date();
  }
  async revokeAllOfUser(userId: string): Promise<void> {
    for (const t of this.tokens.values()) if (t.userId === userId) t.revokedAt ??= new Date();
  }
}

export class FakeUserRepository extends UserRepository {
  readonly users = new Map<string, User>();

  async create(u: NewUser): Promise<User> {
    const user = { id: randomUUID(), createdAt: new Date(), updatedAt: new Date(), ...u };
    this.users.set(user.id, user);
    return user;
  }
  async findById(id: string): Promise<User | null> {
    return this.users.get(id) ?? null;
  }
  async findByEmail(email: string): Promise<User | null> {
    return [...this.users.values()].find((u) => u.email === email) ?? null;
  }
  async update(id: string, changes: UserChanges): Promise<User | null> {
    const user = this.users.get(id);
    if (!user) return null;
    Object.assign(user, changes);
    return user;
  }
  async list(q: UserListQuery): Promise<User[]> {
    return [...this.users.values()].sort((a, b) => a.email.localeCompare(b.email)).slice(0, q.limit);
  }
  async ensureAdmin(): Promise<'created' | 'promoted' | 'unchanged'> {
    return 'unchanged';
  }
}

/** "Hashes" by prefixing; records every verify call so specs can check the dummy path runs. */
export class FakePasswordHasher extends PasswordHasher {
  readonly verified: (string | undefined)[] = [];
  async hash(password: string): Promise<string> {
    return `hashed:${password}`;
  }
  async verify(password: string, hash: string | undefined): Promise<boolean> {
    this.verified.push(hash);
    return hash === `hashed:${password}`;
  }
}

export class FakeAccessTokenIssuer extends AccessTokenIssuer {
  async issue(user: AuthenticatedUser): Promise<{ accessToken: string; expiresIn: number }> {
    return { accessToken: `access:${user.id}:${user.role}`, expiresIn: 900 };
  }
}
