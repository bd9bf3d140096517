import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@surge/platform/config';
import { configureHttpApp, createFastifyAdapter } from '@surge/platform/http';
import { RedisStreamsServer } from '@surge/platform/transport';
import { requireRedisUrl } from './remote.module.js';

export interface ServiceAppOptions {
  /** The service this process serves (its request stream and consumer group). */
  service: string;
  /** Replica name in the consumer group; default host-pid-random. */
  consumerName?: string;
  /** Passed to NestFactory.create (tests: `{ logger: false, abortOnError: false }`). */
  nest?: NestApplicationOptions;
}

/**
 * A service replica: HTTP on PORT for /health/* and /metrics only, and the module's handlers on the
 * Redis Streams transport. Initialises the module first (databases, migrations in dev, queue
 * workers), then starts consuming; does not listen (pass it to `serve`).
 */
export async function createServiceApp(module: unknown, config: AppConfig, options: ServiceAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module as never, createFastifyAdapter(config), { bufferLogs: true, ...options.nest });
  configureHttpApp(app, config, `Surge ${options.service} service (health and metrics)`);
  const server = new RedisStreamsServer({
    url: requireRedisUrl(config),
    keyPrefix: config.keyPrefix,
    service: options.service,
    consumerName: options.consumerName,
    claimIdleMs: config.transport.claimIdleMs,
    concurrency: config.transport.concurrency,
    shutdownTimeoutMs: Math.max(config.shutdownTimeoutMs - 1000, 500),
  });
  // The handlers carry their own filter and interceptor (ServiceApiModule): a hybrid app's
  // microservice is initialised here, too early for global ones.
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: false });
  await app.init();
  await app.startAllMicroservices();
  return app;
}
