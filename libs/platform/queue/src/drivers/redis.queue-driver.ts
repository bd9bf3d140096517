import { Queue, Worker, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
import type { BullQueue, BullWorker, QueueDriver, QueueWorkerOptions } from '../queue-driver.js';

/** BullMQ on Redis (production): every key lives under `${keyPrefix}:bull`. */
export class RedisQueueDriver implements QueueDriver {
  readonly name = 'redis' as const;
  private connection?: Redis;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
  ) {}

  async start(): Promise<void> {
    // BullMQ requires maxRetriesPerRequest: null so blocking commands survive reconnects.
    this.connection = new Redis(this.url, { maxRetriesPerRequest: null, connectionName: `${this.prefix}:queue` });
    this.connection.on('error', () => undefined); // ioredis reconnects; health reports the outage
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    // QUIT would wait in the offline queue forever while Redis is unreachable.
    if (connection?.status === 'ready') await connection.quit().catch(() => connection.disconnect());
    else connection?.disconnect();
    this.connection = undefined;
  }

  createQueue(name: string): BullQueue {
    return new Queue(name, { connection: this.redis, prefix: this.prefix });
  }

  createWorker(name: string, processor: Processor, opts: QueueWorkerOptions = {}): BullWorker {
    // BullMQ duplicates the shared connection for the worker's blocking reads.
    return new Worker(name, processor, { connection: this.redis, prefix: this.prefix, concurrency: opts.concurrency ?? 1 });
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  private get redis(): Redis {
    if (!this.connection) throw new Error('The redis queue driver is not started');
    return this.connection;
  }
}
