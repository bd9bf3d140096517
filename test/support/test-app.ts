import 'reflect-metadata';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@surge/platform/config';
import { configureHttpApp, createFastifyAdapter } from '@surge/platform/http';
import { MonolithModule } from '../../apps/monolith/src/monolith.module.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
}

/** Boots the monolith (plus optional test-only modules, controllers, providers) exactly as main.ts does, without listening. */
export async function createTestApp(
  env: Record<string, string | undefined>,
  extra: { controllers?: Type[]; providers?: Type[]; imports?: (Type | DynamicModule)[] } = {},
): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory', ...env });
  @Module({ imports: [MonolithModule.forRoot(config), ...(extra.imports ?? [])], controllers: extra.controllers ?? [], providers: extra.providers ?? [] })
  class TestRootModule {}
  const app = await NestFactory.create<NestFastifyApplication>(TestRootModule, createFastifyAdapter(config), { logger: false, abortOnError: false });
  configureHttpApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, config };
}

/** A key prefix unique to this test process and moment, so runs never see each other's data. */
export function uniquePrefix(label: string): string {
  return `t-${label}-${process.pid}-${Date.now().toString(36)}`;
}
