import { Injectable, Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { AppConfig } from '@surge/platform/config';
import { EmbeddedPostgres } from './embedded-postgres.js';

/**
 * Resolves each DataSource's URL: the configured one, or an embedded PGlite instance started on
 * first request. All embedded instances start in one pass (they are CPU-bound, so running them
 * concurrently on one thread gains nothing) and are stopped together at shutdown.
 */
@Injectable()
export class EmbeddedDatabases {
  private readonly logger = new Logger('Database');
  private readonly started = new Map<string, Promise<EmbeddedPostgres>>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: AppConfig) {}

  async urlOf(name: string): Promise<string> {
    const target = this.config.databases.find((d) => d.name === name);
    if (!target) throw new Error(`Unknown database ${name}`);
    if (target.url) return target.url;
    let instance = this.started.get(name);
    if (!instance) {
      const dir = this.config.inMemory ? undefined : resolve(join(this.config.dataDir, 'pglite', name));
      // Serialised on purpose: concurrent WASM start-ups only contend for the same core.
      instance = this.chain.then(() => EmbeddedPostgres.start(name, dir, 8));
      this.chain = instance.catch(() => undefined);
      this.started.set(name, instance);
      const db = await instance;
      this.logger.log(`embedded PostgreSQL "${name}" on ${db.url} (${dir ?? 'in memory'})`);
    }
    return (await instance).url;
  }

  async stopAll(): Promise<void> {
    const instances = await Promise.allSettled(this.started.values());
    this.started.clear();
    await Promise.all(instances.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
  }
}
