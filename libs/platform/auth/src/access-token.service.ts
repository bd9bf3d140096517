import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES, type AuthenticatedUser, type Role } from '@surge/contracts';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.constants.js';
import { InvalidTokenError } from './auth.errors.js';

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

interface AccessClaims {
  sub?: unknown;
  role?: unknown;
}

/**
 * Signs and verifies access tokens locally (HS256, shared secret): any module or the gateway can
 * authenticate a request without calling the users module.
 */
@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  async issue(user: AuthenticatedUser): Promise<IssuedAccessToken> {
    const accessToken = await this.jwt.signAsync(
      { role: user.role },
      {
        subject: user.id,
        algorithm: TOKEN_ALGORITHM,
        expiresIn: ACCESS_TOKEN_TTL_SECONDS,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      },
    );
    return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  /** The user a token names; throws InvalidTokenError for anything not issued by us and still valid. */
  async verify(token: string): Promise<AuthenticatedUser> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
    } catch {
      throw new InvalidTokenError();
    }
    if (typeof claims.sub !== 'string' || !claims.sub || !ROLES.includes(claims.role as Role)) {
      throw new InvalidTokenError();
    }
    return { id: claims.sub, role: claims.role as Role };
  }
}
