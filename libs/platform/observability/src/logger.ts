import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@surge/platform/config';

const SAFE_ID = /^[\w.:@-]{1,128}$/;

/** The request id: the client's X-Request-Id when it is sane, otherwise a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** pino JSON logs; every line logged while serving a request carries its `reqId`. */
export function loggerModule(config: AppConfig): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      // Fastify assigned the id already (genReqId); reuse it so logs and the header agree.
      genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? requestIdOf(req),
      customAttributeKeys: { reqId: 'reqId' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', ...['password', 'currentPassword', 'passwordHash', 'password_hash', 'refreshToken', 'accessToken'].flatMap((f) => [f, `*.${f}`])],
        censor: '[redacted]',
      },
      autoLogging: { ignore: (req) => req.url === '/health/live' || req.url === '/metrics' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
    },
  });
}
