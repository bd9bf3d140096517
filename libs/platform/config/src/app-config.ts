/** The typed configuration every module reads; built once by `loadConfig` from the environment. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type NodeEnv = 'development' | 'production' | 'test';

export interface DatabaseTarget {
  /** DataSource name: `users`, `catalog`, `orders_0`, `orders_1`, ... */
  name: string;
  /** PostgreSQL URL, or undefined for an embedded PGlite instance. */
  url?: string;
}

/** A fixed-window rate limit: at most `limit` requests per `ttlSeconds`. */
export interface RateLimit {
  limit: number;
  ttlSeconds: number;
}

export class AppConfig {
  nodeEnv!: NodeEnv;
  port!: number;
  host!: string;
  /** Where embedded data lives; `memory` keeps it in memory. */
  dataDir!: string;
  users!: DatabaseTarget;
  catalog!: DatabaseTarget;
  orderShards!: DatabaseTarget[];
  dbPoolSize!: number;
  /** Apply pending migrations at start-up (dev mode); production runs `npm run migrate`. */
  migrateOnStart!: boolean;
  seedDemoData!: boolean;
  redisUrl?: string;
  /** Namespace for every Redis key and queue of this deployment (isolates test runs). */
  keyPrefix!: string;
  jwtSecret?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Register and login attempts allowed per client IP. */
  authIpRateLimit!: RateLimit;
  /** Register and login attempts allowed per email address. */
  authEmailRateLimit!: RateLimit;
  logLevel!: LogLevel;
  /** Longest time graceful shutdown may take before the process exits anyway. */
  shutdownTimeoutMs!: number;
  bodyLimitBytes!: number;
  /** The simulated payment provider: share of calls that fail (0..1) and latency per call. */
  payments!: { failureRate: number; latencyMs: number };
  /** Pause between fulfilment steps (invoice, shipping, delivery) of the simulated warehouse. */
  fulfilmentStepDelayMs!: number;
  /** Idle time after which a cart is forgotten. */
  cartTtlSeconds!: number;
  /** Units of one flash-sale product a customer may buy. */
  flashSaleUserLimit!: number;
  /** Split topology: the Redis Streams transport between the gateway and the services. */
  transport!: {
    /** A request pending this long on a silent replica is taken over by another one. */
    claimIdleMs: number;
    /** Requests one service replica handles at once. */
    concurrency: number;
  };
  /** Split topology: how callers treat a remote service (timeout per attempt, breaker cool-down). */
  remote!: { timeoutMs: number; breakerHalfOpenAfterMs: number };

  get inMemory(): boolean {
    return this.dataDir === 'memory';
  }

  get databases(): DatabaseTarget[] {
    return [this.users, this.catalog, ...this.orderShards];
  }
}
