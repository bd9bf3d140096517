import { Injectable, Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { AppConfig } from '@surge/platform/config';
import { EmbeddedPostgres } from './embedded-postgres.js';

/**
 * Resolves each DataSource's URL: the configured one, or an embedded PGlite instance. The first
 * request starts every embedded database this config needs at once (each in its own worker
 * thread, so they start in parallel); all are stopped together at shutdown.
 */
@Injectable()
export class EmbeddedDatabases {
  private readonly logger = new Logger('Database');
  private started?: Map<string, Promise<EmbeddedPostgres>>;

  constructor(private readonly config: AppConfig) {}

  async urlOf(name: string): Promise<string> {
    const target = this.config.databases.find((d) => d.name === name);
    if (!target) throw new Error(`Unknown database ${name}`);
    if (target.url) return target.url;
    this.started ??= this.startAll();
    return (await this.started.get(name)!).url;
  }

  private startAll(): Map<string, Promise<EmbeddedPostgres>> {
    const embedded = this.config.databases.filter((d) => !d.url);
    return new Map(
      embedded.map((target) => {
        const dir = this.config.inMemory ? undefined : resolve(join(this.config.dataDir, 'pglite', target.name));
        const instance = EmbeddedPostgres.start(target.name, dir, 8).then((db) => {
          this.logger.log(`embedded PostgreSQL "${db.name}" on ${db.url} (${dir ?? 'in memory'})`);
          return db;
        });
        instance.catch(() => undefined); // surfaced by urlOf; avoid an unhandled rejection meanwhile
        return [target.name, instance];
      }),
    );
  }

  async stopAll(): Promise<void> {
    const instances = await Promise.allSettled(this.started?.values() ?? []);
    this.started = undefined;
    await Promise.all(instances.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
  }
}
