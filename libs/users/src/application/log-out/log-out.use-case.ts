import { Injectable } from '@nestjs/common';
import { hashRefreshToken } from '../../domain/refresh-token.js';
import { RefreshTokenStore } from '../../ports/refresh-token.store.js';

/**
 * Ends the session a refresh token belongs to (its whole family). Idempotent, and silent about
 * tokens that are unknown or belong to someone else.
 */
@Injectable()
export class LogOutUseCase {
  constructor(private readonly refreshTokens: RefreshTokenStore) {}

  async execute(userId: string, refreshToken: string): Promise<void> {
    const record = await this.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    if (record && record.userId === userId && !record.revokedAt) await this.refreshTokens.revokeFamily(record.familyId);
  }
}
