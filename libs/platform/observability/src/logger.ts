import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Global, Inject, Injectable, Module, type DynamicModule, type LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger, type DestinationStream } from 'pino';
import type { AppConfig } from '@surge/platform/config';

const SAFE_ID = /^[\w.:@-]{1,128}$/;
const SECRET_FIELDS = ['password', 'currentPassword', 'passwordHash', 'password_hash', 'refreshToken', 'accessToken', 'authorization', 'cookie'];
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/** The request id: the client's X-Request-Id when it is sane, otherwise a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** The id of the request being served by the current async context, if any. */
const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/** The request id of the current async context (an HTTP request, a job or a transport call). */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.reqId;
}

/** Runs `fn` with `reqId` as the current request id, so its log lines and outgoing calls carry it. */
export function runWithRequestId<T>(reqId: string | undefined, fn: () => T): T {
  return reqId ? requestContext.run({ reqId }, fn) : fn();
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export function createRootLogger(config: AppConfig, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]), censor: '[redacted]' },
      // Every line written while serving a request carries its id.
      mixin: () => {
        const store = requestContext.getStore();
        return store ? { reqId: store.reqId } : {};
      },
    },
    destination,
  );
}

/**
 * Nest's LoggerService on pino. We do not use nestjs-pino: its per-request middleware and child
 * logger halved the throughput of a bare route (measured with `npm run bench`, health-live 0.24 vs
 * 0.59 of node:http); an AsyncLocalStorage entry per request and a pino mixin do the same job.
 */
@Injectable()
export class PinoNestLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    // Nest passes the context name last (and for errors, a stack before it).
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    if (message instanceof Error) this.root[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.root[level]({ context, ...message });
    else this.root[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}

/**
 * Echoes the request id in `X-Request-Id`, binds it to the request's async context, and writes one
 * access line per request at info.
 */
export function installRequestLogging(fastify: FastifyInstance, root: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestContext.enterWith({ reqId: request.id });
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (root.isLevelEnabled('info') && !QUIET_ROUTES.has(request.url)) {
      root.info(
        { req: { method: request.method, url: request.url }, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) },
        'request completed',
      );
    }
    done();
  });
}

/** Provides the root pino logger and the Nest logger on it. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useFactory: () => createRootLogger(config) }, PinoNestLogger],
      exports: [ROOT_LOGGER, PinoNestLogger],
    };
  }
}
