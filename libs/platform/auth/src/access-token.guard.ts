import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '@surge/contracts';
import { AccessTokenService } from './access-token.service.js';
import { InvalidTokenError, UnauthenticatedError } from './auth.errors.js';

export interface RequestWithUser {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}

interface ReplyLike {
  header(name: string, value: string): unknown;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Requires `Authorization: Bearer <accessToken>` and puts the verified user on the request. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(private readonly tokens: AccessTokenService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithUser>();
    const reply = http.getResponse<ReplyLike>();
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      reply.header('www-authenticate', 'Bearer');
      throw new UnauthenticatedError();
    }
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      reply.header('www-authenticate', 'Bearer error="invalid_request"');
      throw new InvalidTokenError('Expected an Authorization header of the form "Bearer <token>"');
    }
    try {
      request.user = await this.tokens.verify(match[1]!);
    } catch (error) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw error;
    }
    return true;
  }
}
