import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '@surge/platform/config';
import { installHttpMetrics, installRequestLogging, PinoNestLogger, requestIdOf, ROOT_LOGGER } from '@surge/platform/observability';
import { ProblemFilter } from './problem.filter.js';
import { createValidationPipe } from './validation.pipe.js';

export const API_PREFIX = 'api/v1';

/** The Fastify adapter every Surge HTTP app uses: body limit, request ids, no built-in logger. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req: IncomingMessage) => {
      const id = requestIdOf(req);
      (req as IncomingMessage & { id?: string }).id = id;
      return id;
    },
    // Close idle keep-alive sockets on shutdown; in-flight requests still finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
}

/** Applies the platform's HTTP conventions (shared/API.md) to a created Nest app. */
export function configureHttpApp(app: NestFastifyApplication, config: AppConfig, title = 'Surge'): void {
  app.useLogger(app.get(PinoNestLogger));
  app.flushLogs();
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  installRequestLogging(fastify, app.get(ROOT_LOGGER));
  installHttpMetrics(fastify);

  const document = SwaggerModule.createDocument(
    app as INestApplication,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription('Surge commerce API (see shared/API.md for the contract)')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app as INestApplication, document, { jsonDocumentUrl: 'docs/json', yamlDocumentUrl: 'docs/yaml' });
}

/** Creates a Fastify-based Nest app with the platform conventions applied; does not listen. */
export async function createHttpApp(module: unknown, config: AppConfig, title?: string): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module as never, createFastifyAdapter(config), { bufferLogs: true });
  configureHttpApp(app, config, title);
  await app.init();
  return app;
}
