import { createHash, randomBytes } from 'node:crypto';

/** Refresh tokens live 30 days; each use replaces the token (rotation) within the same family. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** A stored refresh token. The token itself is never stored, only its SHA-256. */
export interface RefreshTokenRecord {
  id: string;
  userId: string;
  /** Every token descending from one login shares the family id of that login's token. */
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  /** Set when the token was exchanged for a new pair; presenting it again is reuse. */
  usedAt: Date | null;
  revokedAt: Date | null;
  /**
   * Whether any token of the family is revoked. Read at use time, this also catches a token
   * minted by a rotation that raced the family's revocation.
   */
  familyRevoked: boolean;
}

export type RefreshVerdict = 'valid' | 'unknown' | 'reused' | 'revoked' | 'expired';

/**
 * What presenting a refresh token means. A used token shown again (reuse) is the one case that
 * revokes the family: either the client is confused or the token was stolen, and we cannot tell
 * which copy is the attacker's.
 */
export function assessRefreshToken(record: RefreshTokenRecord | null, now: Date): RefreshVerdict {
  if (!record) return 'unknown';
  if (record.revokedAt || record.familyRevoked) return 'revoked';
  if (record.usedAt) return 'reused';
  if (record.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** 256 random bits, so a fast hash is enough to store it (no salt or slow hash needed). */
export function generateRefreshToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
