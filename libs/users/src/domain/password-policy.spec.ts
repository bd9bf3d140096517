import { describe, expect, it } from '@jest/globals';
import { PASSWORD_MAX_LENGTH, passwordProblems } from './password-policy.js';

describe('passwordProblems', () => {
  it('accepts a long enough password mixing letters with other characters', () => {
    expect(passwordProblems('Sturdy-pass-42')).toEqual([]);
    expect(passwordProblems('correct horse battery staple 9')).toEqual([]);
  });

  it.each([
    ['too short', 'Ab1-xyz', /at least 10/],
    ['too long', `Ab1-${'x'.repeat(PASSWORD_MAX_LENGTH)}`, /at most 128/],
    ['common', 'Password123', /too common/],
    ['few distinct characters', 'ab1ab1ab1ab1', /4 different/],
    ['letters only', 'onlyletterspassword', /mix letters/],
    ['digits only', '12345678901234', /mix letters/],
  ])('refuses a password that is %s', (_, password, message) => {
    expect(passwordProblems(password).join(' ')).toMatch(message);
  });

  it('refuses a password containing the email', () => {
    expect(passwordProblems('ada.lovelace-1', { email: 'ada.lovelace@example.com' }).join(' ')).toMatch(/email/);
    expect(passwordProblems('Sturdy-pass-42', { email: 'ada@example.com' })).toEqual([]);
  });
});
