import { describe, expect, it } from '@jest/globals';
import { InvalidCredentialsError } from '../../domain/users.errors.js';
import { FakeAccessTokenIssuer, FakePasswordHasher, FakeRefreshTokenStore, FakeUserRepository } from '../../testing/fakes.js';
import { IssueSessionUseCase } from '../issue-session/issue-session.use-case.js';
import { LogInUseCase } from './log-in.use-case.js';

async function setup() {
  const users = new FakeUserRepository();
  const hasher = new FakePasswordHasher();
  const login = new LogInUseCase(users, hasher, new IssueSessionUseCase(new FakeAccessTokenIssuer(), new FakeRefreshTokenStore()));
  await users.create({ email: 'ada@example.com', name: 'Ada', role: 'customer', passwordHash: await hasher.hash('Sturdy-pass-42') });
  return { hasher, login };
}

describe('LogInUseCase', () => {
  it('signs in with the right password, whatever the case of the email', async () => {
    const { login } = await setup();
    await expect(login.execute({ email: ' ADA@example.com', password: 'Sturdy-pass-42' })).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('fails an unknown email and a wrong password with the same error, verifying a hash in both cases', async () => {
    const { hasher, login } = await setup();
    const wrong = await login.execute({ email: 'ada@example.com', password: 'nope' }).catch((e: unknown) => e);
    const unknown = await login.execute({ email: 'bob@example.com', password: 'nope' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect((wrong as InvalidCredentialsError).toData()).toEqual((unknown as InvalidCredentialsError).toData());
    expect(hasher.verified).toEqual(['hashed:Sturdy-pass-42', undefined]); // the unknown email still pays for a verify
  });
});
