import { Injectable, Logger } from '@nestjs/common';
import { assessRefreshToken, hashRefreshToken } from '../../domain/refresh-token.js';
import { InvalidRefreshTokenError } from '../../domain/users.errors.js';
import { RefreshTokenStore } from '../../ports/refresh-token.store.js';
import { UserRepository } from '../../ports/user.repository.js';
import { IssueSessionUseCase, type Session } from '../issue-session/issue-session.use-case.js';

/**
 * Exchanges a refresh token for a new pair (rotation). The presented token stops working; a
 * token presented after it was used (or two racing uses of one token) revokes its whole family,
 * so a stolen token is worth at most one exchange before everyone in that family is signed out.
 */
@Injectable()
export class RefreshSessionUseCase {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly refreshTokens: RefreshTokenStore,
    private readonly users: UserRepository,
    private readonly sessions: IssueSessionUseCase,
  ) {}

  async execute(refreshToken: string): Promise<Session> {
    const record = await this.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    const verdict = assessRefreshToken(record, new Date());
    if (verdict === 'reused') await this.revokeFamily(record!.familyId, record!.userId);
    if (verdict !== 'valid') throw new InvalidRefreshTokenError();

    const token = record!;
    if (!(await this.refreshTokens.markUsed(token.id))) {
      // Someone used this token between our read and our write: that is reuse too.
      await this.revokeFamily(token.familyId, token.userId);
      throw new InvalidRefreshTokenError();
    }
    const user = await this.users.findById(token.userId);
    if (!user) throw new InvalidRefreshTokenError();
    // The role is read afresh, so a role change takes effect at the next refresh.
    return this.sessions.execute({ user, rotating: { familyId: token.familyId, parentId: token.id } });
  }

  private async revokeFamily(familyId: string, userId: string): Promise<void> {
    await this.refreshTokens.revokeFamily(familyId);
    this.logger.warn(`refresh token reuse detected: revoked token family ${familyId} of user ${userId}`);
  }
}
