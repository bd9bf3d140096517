import { beforeEach, describe, expect, it } from '@jest/globals';
import { hashRefreshToken } from '../../domain/refresh-token.js';
import { InvalidRefreshTokenError } from '../../domain/users.errors.js';
import { FakeAccessTokenIssuer, FakeRefreshTokenStore, FakeUserRepository } from '../../testing/fakes.js';
import { IssueSessionUseCase } from '../issue-session/issue-session.use-case.js';
import { RefreshSessionUseCase } from './refresh-session.use-case.js';

describe('RefreshSessionUseCase', () => {
  let store: FakeRefreshTokenStore;
  let users: FakeUserRepository;
  let sessions: IssueSessionUseCase;
  let refresh: RefreshSessionUseCase;
  let userId: string;

  beforeEach(async () => {
    store = new FakeRefreshTokenStore();
    users = new FakeUserRepository();
    sessions = new IssueSessionUseCase(new FakeAccessTokenIssuer(), store);
    refresh = new RefreshSessionUseCase(store, users, sessions);
    userId = (await users.create({ email: 'a@example.com', name: 'A', role: 'customer', passwordHash: 'x' })).id;
  });

  const recordOf = (token: string) => [...store.tokens.values()].find((t) => t.tokenHash === hashRefreshToken(token))!;

  it('rotates: a new pair in the same family, chained to its parent; the old token is used up', async () => {
    const first = await sessions.execute({ user: { id: userId, role: 'customer' } });
    const second = await refresh.execute(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).toBe(`access:${userId}:customer`);
    expect(recordOf(second.refreshToken)).toMatchObject({ familyId: recordOf(first.refreshToken).familyId, parentId: recordOf(first.refreshToken).id });
    expect(recordOf(first.refreshToken).usedAt).not.toBeNull();
  });

  it('reuse of a used token revokes the whole family, descendants included, but no other family', async () => {
    const first = await sessions.execute({ user: { id: userId, role: 'customer' } });
    const other = await sessions.execute({ user: { id: userId, role: 'customer' } });
    const second = await refresh.execute(first.refreshToken);
    const third = await refresh.execute(second.refreshToken);
    await expect(refresh.execute(first.refreshToken)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    expect(recordOf(third.refreshToken).revokedAt).not.toBeNull();
    await expect(refresh.execute(third.refreshToken)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    await expect(refresh.execute(other.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('two racing uses of one token: one wins, the loser revokes the family', async () => {
    const first = await sessions.execute({ user: { id: userId, role: 'customer' } });
    const results = await Promise.allSettled([refresh.execute(first.refreshToken), refresh.execute(first.refreshToken)]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ refreshToken: string }>;
    await expect(refresh.execute(winner.value.refreshToken)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
  });

  it('refuses unknown, expired and revoked tokens without revoking anything', async () => {
    await expect(refresh.execute('nope')).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    const s = await sessions.execute({ user: { id: userId, role: 'customer' } });
    recordOf(s.refreshToken).expiresAt = new Date(Date.now() - 1);
    await expect(refresh.execute(s.refreshToken)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
    expect(recordOf(s.refreshToken).revokedAt).toBeNull();
  });

  it('reads the role afresh, so a role change applies at the next refresh', async () => {
    const s = await sessions.execute({ user: { id: userId, role: 'customer' } });
    await users.update(userId, { role: 'admin' });
    expect((await refresh.execute(s.refreshToken)).accessToken).toBe(`access:${userId}:admin`);
  });

  it('refuses a token whose user is gone', async () => {
    const s = await sessions.execute({ user: { id: userId, role: 'customer' } });
    users.users.delete(userId);
    await expect(refresh.execute(s.refreshToken)).rejects.toBeInstanceOf(InvalidRefreshTokenError);
  });
});
