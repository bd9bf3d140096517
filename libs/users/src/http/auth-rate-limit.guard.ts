import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { DomainError } from '@surge/contracts';
import { THROTTLER_STORAGE } from '@surge/platform/auth';
import { AppConfig, type RateLimit } from '@surge/platform/config';
import { normalizeEmail } from '../domain/user.js';

interface RequestLike {
  ip?: string;
  body?: unknown;
}

/** The email a register or login body names (raw: guards run before validation). */
function emailOf(req: RequestLike): string | undefined {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.trim() !== '' ? normalizeEmail(email).slice(0, 254) : undefined;
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'RATE_LIMITED', 'Too many attempts; try again later', { retryAfterSeconds });
  }
}

/**
 * Per-IP and per-email limits on the credential routes (AUTH_IP_RATE_LIMIT, AUTH_EMAIL_RATE_LIMIT),
 * counted per route in a ThrottlerStorage (Redis across replicas, or in-process). Past a limit the
 * caller is blocked for one window: 429 RATE_LIMITED with Retry-After. Emails are hashed into keys.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    @Inject(THROTTLER_STORAGE) private readonly storage: ThrottlerStorage,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RequestLike>();
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const checks: [string, string | undefined, RateLimit][] = [
      ['ip', req.ip, this.config.authIpRateLimit],
      ['email', emailOf(req), this.config.authEmailRateLimit],
    ];
    for (const [name, tracker, { limit, ttlSeconds }] of checks) {
      if (tracker === undefined) continue;
      const key = createHash('sha256').update(`${route}:${tracker}`).digest('base64url');
      const ttl = ttlSeconds * 1000;
      const record = await this.storage.increment(key, ttl, limit, ttl, name);
      if (record.isBlocked) throw new RateLimitedError(Math.max(1, record.timeToBlockExpire));
    }
    return true;
  }
}
