import { describe, expect, it } from '@jest/globals';
import { Argon2PasswordHasher } from './argon2.password-hasher.js';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id and a salt, and verifies', async () => {
    const a = await hasher.hash('Sturdy-pass-42');
    const b = await hasher.hash('Sturdy-pass-42');
    expect(a).toMatch(/^\$argon2id\$v=19\$/);
    expect(a).toMatch(/m=19456/);
    expect(a).toMatch(/t=2/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('Sturdy-pass-42', a)).toBe(true);
    expect(await hasher.verify('Sturdy-pass-43', a)).toBe(false);
  });

  it('returns false without a hash or with a malformed one, after doing the same work', async () => {
    expect(await hasher.verify('anything', undefined)).toBe(false);
    expect(await hasher.verify('anything', 'not-a-hash')).toBe(false);
  });
});
