import { describe, expect, it } from '@jest/globals';
import { assessRefreshToken, generateRefreshToken, hashRefreshToken, type RefreshTokenRecord } from './refresh-token.js';

const now = new Date('2026-11-29T12:00:00Z');
const record = (extra: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
  id: 't1',
  userId: 'u1',
  familyId: 'f1',
  tokenHash: 'h',
  expiresAt: new Date(now.getTime() + 60_000),
  usedAt: null,
  revokedAt: null,
  familyRevoked: false,
  ...extra,
});

describe('refresh token rules', () => {
  it('generates 256-bit random tokens and stores only their SHA-256', () => {
    const a = generateRefreshToken();
    const b = generateRefreshToken();
    expect(a.token).not.toBe(b.token);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.tokenHash).toBe(hashRefreshToken(a.token));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).not.toContain(a.token);
  });

  it('judges a presented token: valid, unknown, reused, revoked, expired', () => {
    expect(assessRefreshToken(record(), now)).toBe('valid');
    expect(assessRefreshToken(null, now)).toBe('unknown');
    expect(assessRefreshToken(record({ usedAt: now }), now)).toBe('reused');
    expect(assessRefreshToken(record({ revokedAt: now }), now)).toBe('revoked');
    expect(assessRefreshToken(record({ usedAt: now, revokedAt: now }), now)).toBe('revoked');
    expect(assessRefreshToken(record({ familyRevoked: true }), now)).toBe('revoked');
    expect(assessRefreshToken(record({ expiresAt: now }), now)).toBe('expired');
  });
});
