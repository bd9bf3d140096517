import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pgliteTemplate } from './pglite-template.js';

/**
 * One embedded PostgreSQL (PGlite in WASM) served on a loopback port, so the application talks to
 * it through the ordinary `pg` driver exactly as it talks to a real server. One instance per
 * DataSource: PGlite is single-connection, and sharing one instance between DataSources mixes
 * their transactions (see shared/STACK.md).
 */
export class EmbeddedPostgres {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
  ) {}

  /** `dataDir` undefined keeps the database in memory. */
  static async start(name: string, dataDir: string | undefined, maxConnections = 1): Promise<EmbeddedPostgres> {
    let db: PGlite;
    if (dataDir && existsSync(join(dataDir, 'PG_VERSION'))) {
      db = await PGlite.create(dataDir);
    } else {
      if (dataDir) await mkdir(dataDir, { recursive: true });
      db = await PGlite.create(dataDir, { loadDataDir: await pgliteTemplate() });
    }
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    return new EmbeddedPostgres(name, url, db, server);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
