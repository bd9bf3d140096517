import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@surge/contracts';
import { AccessTokenService } from '@surge/platform/auth';
import { AccessTokenIssuer } from '../ports/access-token.issuer.js';

/** Access tokens signed by the platform's AccessTokenService (the same one every module verifies with). */
@Injectable()
export class JwtAccessTokenIssuer extends AccessTokenIssuer {
  constructor(private readonly tokens: AccessTokenService) {
    super();
  }

  issue(user: AuthenticatedUser): Promise<{ accessToken: string; expiresIn: number }> {
    return this.tokens.issue(user);
  }
}
