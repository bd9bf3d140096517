import 'reflect-metadata';
import { Module, type Abstract, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@surge/platform/config';
import { DataSourceRegistry } from '@surge/platform/database';
import { configureHttpApp, createFastifyAdapter } from '@surge/platform/http';
import { createServiceApp } from '@surge/platform/remote';
import { CatalogServiceModule } from '../../apps/catalog/src/catalog-service.module.js';
import { GatewayModule } from '../../apps/gateway/src/gateway.module.js';
import { MonolithModule } from '../../apps/monolith/src/monolith.module.js';
import { OrdersServiceModule } from '../../apps/orders/src/orders-service.module.js';
import { UsersServiceModule } from '../../apps/users/src/users-service.module.js';

export type DomainModule = 'users' | 'catalog' | 'orders';

/** One running topology as the suites see it: the HTTP entry, and where each module's internals live. */
export interface TestApp {
  topology: 'monolith' | 'split';
  /** The HTTP entry: the monolith, or the gateway in front of the services. */
  app: NestFastifyApplication;
  config: AppConfig;
  /** The process that runs a module (its own /health/ready and /metrics in the split topology). */
  owner(module: DomainModule): NestFastifyApplication;
  /** A provider of whichever process holds it (the first that does, gateway last). */
  get<T>(token: Type<T> | Abstract<T> | string | symbol): T;
  /** The DataSource of one logical database (`users`, `catalog`, `orders_0`, ...). */
  db(name: string): DataSource;
  close(): Promise<void>;
}

const QUIET = { logger: false, abortOnError: false } as const;

type Env = Record<string, string | undefined>;
type Extra = { controllers?: Type[]; providers?: Type[]; imports?: (Type | DynamicModule)[] };

function testConfig(env: Env): AppConfig {
  return loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory', ...env });
}

async function httpApp(module: DynamicModule, config: AppConfig, extra: Extra): Promise<NestFastifyApplication> {
  @Module({ imports: [module, ...(extra.imports ?? [])], controllers: extra.controllers ?? [], providers: extra.providers ?? [] })
  class TestRootModule {}
  const app = await NestFactory.create<NestFastifyApplication>(TestRootModule, createFastifyAdapter(config), QUIET);
  configureHttpApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function find<T>(apps: INestApplicationContext[], token: unknown): T {
  for (const app of apps) {
    try {
      return app.get(token as never, { strict: false }) as T;
    } catch {
      // not in this process
    }
  }
  throw new Error(`No process of the topology provides ${String((token as { name?: string }).name ?? token)}`);
}

/** Boots the monolith (plus optional test-only modules, controllers, providers) exactly as main.ts does, without listening. */
export async function createTestApp(env: Env, extra: Extra = {}): Promise<TestApp> {
  const config = testConfig(env);
  const app = await httpApp(MonolithModule.forRoot(config), config, extra);
  return {
    topology: 'monolith',
    app,
    config,
    owner: () => app,
    get: (token) => app.get(token as never),
    db: (name) => app.get(DataSourceRegistry).get(name),
    close: () => app.close(),
  };
}

/**
 * Boots the split topology in this process: one replica each of the catalog, orders and users
 * services (as their main.ts does) and the gateway, which reach each other only through Redis.
 * Needs REDIS_URL and PostgreSQL URLs in `env`.
 */
export async function createSplitTestApp(env: Env, extra: Extra = {}): Promise<TestApp> {
  const config = testConfig(env);
  const services: Record<DomainModule, NestFastifyApplication> = {
    catalog: await createServiceApp(CatalogServiceModule.forRoot(config), config, { service: 'catalog', nest: QUIET }),
    users: await createServiceApp(UsersServiceModule.forRoot(config), config, { service: 'users', nest: QUIET }),
    orders: await createServiceApp(OrdersServiceModule.forRoot(config), config, { service: 'orders', nest: QUIET }),
  };
  const gateway = await httpApp(GatewayModule.forRoot(config), config, extra);
  const all = [services.catalog, services.users, services.orders];
  return {
    topology: 'split',
    app: gateway,
    config,
    owner: (module) => services[module],
    get: (token) => find([...all, gateway], token),
    db: (name) => {
      const owner = all.find((a) => a.get(DataSourceRegistry).names().includes(name));
      if (!owner) throw new Error(`No process of the topology opens the ${name} database`);
      return owner.get(DataSourceRegistry).get(name);
    },
    close: async () => {
      // The front first, so nothing new arrives; then the services, draining what is in flight.
      await gateway.close();
      for (const app of [services.orders, services.catalog, services.users]) await app.close();
    },
  };
}

/** A key prefix unique to this test process and moment, so runs never see each other's data. */
export function uniquePrefix(label: string): string {
  return `t-${label}-${process.pid}-${Date.now().toString(36)}`;
}
