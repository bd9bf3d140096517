import { createPostgresBackend, DEFAULT_SCHEMA, quoteSchemaName, runMigrations, withBackend, type Processor } from 'bullmq';
import pg from 'pg';
import { EmbeddedPostgres } from '@surge/platform/database';
import type { BullQueue, BullWorker, QueueDriver, QueueWorkerOptions } from '../queue-driver.js';

const { Queue: PgQueue, Worker: PgWorker } = withBackend(createPostgresBackend);
const SET_SEARCH_PATH = `SET search_path TO ${quoteSchemaName(DEFAULT_SCHEMA)}`;

/**
 * pglite-socket ignores the `search_path` startup option BullMQ would set, and a `pool.on('connect')`
 * query races the pool's first query, so each connection sets it before the pool hands it out.
 */
class SearchPathClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error | null) => void): void;
  override connect(callback?: (err: Error | null) => void): Promise<pg.Client> | void {
    const ready = super.connect().then(async () => {
      await this.query(SET_SEARCH_PATH);
      return this;
    });
    if (!callback) return ready;
    ready.then(() => callback(null), (err: Error) => callback(err));
  }
}

/**
 * BullMQ's PostgreSQL backend on an embedded PGlite (dev and tests, no servers needed).
 * Each worker keeps one pooled connection for LISTEN, so the pool is sized well above the queue count.
 */
export class EmbeddedPostgresQueueDriver implements QueueDriver {
  readonly name = 'embedded' as const;
  private database?: EmbeddedPostgres;
  private connections?: pg.Pool;

  /** `dataDir` undefined keeps the queues in memory. */
  constructor(
    private readonly dataDir: string | undefined,
    // Notifications do not reach idle workers through pglite-socket: they poll every drainDelay seconds.
    private readonly drainDelaySeconds = 0.2,
  ) {}

  async start(): Promise<void> {
    this.database = await EmbeddedPostgres.start('queue', this.dataDir, 32);
    this.connections = new pg.Pool({ connectionString: this.database.url, max: 24, Client: SearchPathClient as new () => pg.Client });
    this.connections.on('error', () => undefined); // idle client dropped; the pool replaces it
    const client = await this.connections.connect();
    try {
      await runMigrations(client, DEFAULT_SCHEMA);
    } finally {
      client.release();
    }
  }

  async stop(): Promise<void> {
    // pool.end() waits for checked-out clients: a worker abandoned at the shutdown deadline keeps one.
    await Promise.race([this.connections?.end(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.database?.stop();
    this.connections = undefined;
    this.database = undefined;
  }

  createQueue(name: string): BullQueue {
    return new PgQueue(name, { connection: this.pool });
  }

  createWorker(name: string, processor: Processor, opts: QueueWorkerOptions = {}): BullWorker {
    return new PgWorker(name, processor, {
      connection: this.pool,
      concurrency: opts.concurrency ?? 1,
      drainDelay: this.drainDelaySeconds,
    });
  }

  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  private get pool(): pg.Pool {
    if (!this.connections) throw new Error('The embedded queue driver is not started');
    return this.connections;
  }
}
