import type { AuthenticatedUser } from '@surge/contracts';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokenService, ForbiddenError, InvalidTokenError, UnauthenticatedError } from '@surge/platform/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Holds the access token the browser presents on the dashboard's own requests (page, assets, JSON API). */
export const DASHBOARD_TOKEN_COOKIE = 'surge_admin_token';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Answers an auth failure the way the application answers any error (Surge: problem+json). */
export type DashboardErrorResponder = (error: Error, request: FastifyRequest, reply: FastifyReply) => unknown;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(eq + 1).trim());
      } catch {
        return undefined; // malformed escape: treated as no cookie at all
      }
    }
  }
  return undefined;
}

/** The path of a dashboard URL, or the dashboard's root when it could lead anywhere else (`//host`, `..`). */
function sameDashboardPath(url: string, basePath: string): string {
  const path = url.split('?')[0]!;
  return path.startsWith(basePath) && !/\/\/|\.\.|\\/.test(path) ? path : basePath;
}

function tokenCookie(basePath: string, request: FastifyRequest, token: string, maxAge: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${DASHBOARD_TOKEN_COOKIE}=${token}; Path=${basePath}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}

/**
 * The `onRequest` hook guarding every route of the dashboard: admins only. The token comes from
 * `Authorization: Bearer` (scripts) or, for the browser, from an HttpOnly cookie set by opening
 * `<basePath>?token=<accessToken>` once: that request verifies the token, sets the cookie and
 * redirects to the same address without the token.
 */
export function dashboardAuthHook(tokens: AccessTokenService, basePath: string, respond: DashboardErrorResponder) {
  async function admin(token: string): Promise<AuthenticatedUser> {
    const user = await tokens.verify(token);
    if (user.role !== 'admin') throw new ForbiddenError('The queue dashboard is for admins');
    return user;
  }

  async function authorize(request: FastifyRequest, reply: FastifyReply): Promise<'pass' | 'answered'> {
    const header = request.headers.authorization;
    if (header) {
      const match = BEARER.exec(header);
      if (!match) throw new InvalidTokenError('Expected an Authorization header of the form "Bearer <token>"');
      await admin(match[1]!);
      return 'pass';
    }

    const query = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    const exchanged = query.get('token');
    if (exchanged !== null && request.method === 'GET') {
      query.delete('token');
      const target = `${sameDashboardPath(request.url, basePath)}${query.size > 0 ? `?${query}` : ''}`;
      // The access log records request.url: keep the token out of it.
      request.raw.url = target;
      await admin(exchanged);
      void reply
        .header('set-cookie', tokenCookie(basePath, request, exchanged, ACCESS_TOKEN_TTL_SECONDS))
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .redirect(target, 303);
      return 'answered';
    }

    const cookie = cookieValue(request.headers.cookie, DASHBOARD_TOKEN_COOKIE);
    if (cookie === undefined) throw new UnauthenticatedError(`Open ${basePath}?token=<admin access token> or send Authorization: Bearer`);
    try {
      await admin(cookie);
    } catch (error) {
      if (error instanceof InvalidTokenError) void reply.header('set-cookie', tokenCookie(basePath, request, '', 0)); // expired or forged: forget it
      throw error;
    }
    return 'pass';
  }

  return async function dashboardAuth(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    try {
      if ((await authorize(request, reply)) === 'answered') return reply;
    } catch (error) {
      if (error instanceof UnauthenticatedError || error instanceof InvalidTokenError) void reply.header('www-authenticate', 'Bearer');
      await respond(error as Error, request, reply);
      return reply;
    }
    return undefined;
  };
}
