import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@surge/platform/config';
import { ConfigError, loadConfig } from '@surge/platform/config';
import { runMigrations, type DatabaseSchemas } from '@surge/platform/database';
import { ShutdownState } from '@surge/platform/health';

/** Loads `.env` (if present) and the validated config; a bad value prints one line and exits 1. */
export function loadConfigOrExit(): AppConfig {
  try {
    process.loadEnvFile('.env');
  } catch {
    // no .env: the environment alone configures the app
  }
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Stops accepting connections and waits for in-flight requests to be answered (Node closes each
 * keep-alive connection once idle), cutting the stragglers after `graceMs`.
 */
async function drainHttp(app: NestFastifyApplication, graceMs: number): Promise<void> {
  const server = app.getHttpServer() as Server;
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection turns idle once its response is out; close each as soon as it does.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(timer);
}

/**
 * Listens, then on SIGTERM/SIGINT: fail readiness, stop accepting, let in-flight requests and jobs
 * finish, close pools, exit 0. A watchdog exits 1 if that takes longer than SHUTDOWN_TIMEOUT_MS.
 */
export async function serve(app: NestFastifyApplication, config: AppConfig, onListening?: (url: string) => void): Promise<void> {
  const logger = new Logger('Surge');
  // A deep accept queue: a flash crowd opens thousands of connections at once, and Node's default
  // of 511 drops the rest (each drop costs the client a 1 s SYN retransmit). The kernel caps it at somaxconn.
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  onListening?.(`http://${host}:${port}`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining`);
    app.get(ShutdownState).shuttingDown = true;
    setTimeout(() => {
      logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms (still open: ${process.getActiveResourcesInfo().join(', ')}); exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    try {
      await drainHttp(app, Math.max(config.shutdownTimeoutMs - 2000, 500));
      await app.close();
      logger.log('drained; exiting');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * The `migrate` entry of an app (`npm run migrate`, the Kubernetes migration Job): applies the
 * pending migrations of the databases the app owns, then exits; 1 with one line on failure.
 */
export async function migrateAndExit(schemas: DatabaseSchemas): Promise<never> {
  const config = loadConfigOrExit();
  try {
    await runMigrations(config, schemas, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  process.exit(0);
}
