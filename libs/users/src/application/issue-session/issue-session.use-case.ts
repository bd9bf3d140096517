import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '@surge/contracts';
import { generateRefreshToken, REFRESH_TOKEN_TTL_SECONDS } from '../../domain/refresh-token.js';
import { AccessTokenIssuer } from '../../ports/access-token.issuer.js';
import { RefreshTokenStore } from '../../ports/refresh-token.store.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface IssueSessionInput {
  user: AuthenticatedUser;
  /** The family and token being rotated; omitted for a fresh login (new family). */
  rotating?: { familyId: string; parentId: string };
}

/** A new access token plus a new refresh token, in a new family or continuing a rotated one. */
@Injectable()
export class IssueSessionUseCase {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokenStore,
  ) {}

  async execute({ user, rotating }: IssueSessionInput): Promise<Session> {
    const { token, tokenHash } = generateRefreshToken();
    await this.refreshTokens.create({
      userId: user.id,
      familyId: rotating?.familyId ?? randomUUID(),
      parentId: rotating?.parentId ?? null,
      tokenHash,
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    const { accessToken, expiresIn } = await this.accessTokens.issue({ id: user.id, role: user.role });
    return { accessToken, refreshToken: token, tokenType: 'Bearer', expiresIn };
  }
}
