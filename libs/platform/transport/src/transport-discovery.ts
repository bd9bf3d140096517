import type { Redis } from 'ioredis';
import { closeConnection, openConnection } from './redis-connections.js';
import { requestStreamKey } from './transport.keys.js';

export interface ConsumerInfo {
  name: string;
  pending: number;
  /** Time since the consumer last showed activity (a running server heartbeats every ≤ 2 s). */
  idleMs: number;
}

export interface ConsumerStatus extends ConsumerInfo {
  live: boolean;
}

export interface TransportDiscoveryOptions {
  keyPrefix: string;
  /** An existing connection to use (not closed by close()); otherwise `url` opens one. */
  redis?: Redis;
  url?: string;
  /** A consumer idle less than this counts as live; default 5000 (servers heartbeat every ≤ 2 s). */
  liveThresholdMs?: number;
}

/** XINFO CONSUMERS as objects; a missing stream or group means no consumers. */
export async function readConsumers(redis: Redis, stream: string, group: string): Promise<ConsumerInfo[]> {
  let raw: unknown;
  try {
    raw = await redis.xinfo('CONSUMERS', stream, group);
  } catch (error) {
    if (error instanceof Error && /no such key|NOGROUP/i.test(error.message)) return [];
    throw error;
  }
  return (raw as unknown[][]).map((row) => {
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < row.length; i += 2) fields.set(String(row[i]), row[i + 1]);
    return { name: String(fields.get('name')), pending: Number(fields.get('pending')), idleMs: Number(fields.get('idle')) };
  });
}

/** Who serves a service: the consumers of its request group, and which of them read recently. */
export class TransportDiscovery {
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;
  private readonly liveThresholdMs: number;

  constructor(private readonly options: TransportDiscoveryOptions) {
    if (!options.redis && !options.url) throw new Error('TransportDiscovery needs redis or url');
    this.redis = options.redis ?? openConnection(options.url!, `surge:${options.keyPrefix}:discovery`, { blocking: false });
    this.ownsConnection = !options.redis;
    this.liveThresholdMs = options.liveThresholdMs ?? 5_000;
  }

  async consumers(service: string): Promise<ConsumerStatus[]> {
    const consumers = await readConsumers(this.redis, requestStreamKey(this.options.keyPrefix, service), service);
    return consumers.map((consumer) => ({ ...consumer, live: consumer.idleMs < this.liveThresholdMs }));
  }

  async liveConsumers(service: string): Promise<number> {
    return (await this.consumers(service)).filter((consumer) => consumer.live).length;
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await closeConnection(this.redis);
  }
}
