import { AppConfig, type LogLevel, type NodeEnv, type RateLimit } from './app-config.js';

/** A configuration value that cannot be used; its message is the one line printed at start-up. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    value: string,
  ) {
    super(`Invalid configuration: ${variable}=${JSON.stringify(value)}: expected ${expected}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, 'true or false', raw);
}

function fraction(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(raw)) throw new ConfigError(name, 'a number from 0 to 1', raw);
  return Number(raw);
}

function rateLimit(env: Env, name: string, fallback: RateLimit): RateLimit {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d{1,6})\s*\/\s*(\d{1,6})$/.exec(raw);
  const limit = Number(match?.[1]);
  const ttlSeconds = Number(match?.[2]);
  if (!match || limit < 1 || ttlSeconds < 1 || ttlSeconds > 86400) {
    throw new ConfigError(name, 'count/seconds, e.g. 10/60 (count >= 1, seconds 1..86400)', raw);
  }
  return { limit, ttlSeconds };
}

function url(name: string, raw: string, protocols: readonly string[], what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, what, raw);
  }
  if (!protocols.includes(parsed.protocol) || !parsed.hostname) throw new ConfigError(name, what, raw);
  return raw;
}

const PG = ['postgres:', 'postgresql:'];
const PG_WHAT = 'a postgres://user@host:port/database URL';

function pgUrl(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  return raw === undefined ? undefined : url(name, raw, PG, PG_WHAT);
}

/**
 * Every environment variable `loadConfig` reads: deployment files (compose, Kubernetes, CI) may set
 * these and nothing else (test/deploy checks them against this list).
 */
export const CONFIG_VARIABLES = [
  'NODE_ENV', 'PORT', 'HOST', 'DATA_DIR', 'USERS_DATABASE_URL', 'CATALOG_DATABASE_URL', 'ORDERS_SHARD_URLS', 'ORDERS_SHARDS',
  'DB_POOL_SIZE', 'MIGRATE_ON_START', 'SEED_DEMO_DATA', 'REDIS_URL', 'KEY_PREFIX', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD',
  'AUTH_IP_RATE_LIMIT', 'AUTH_EMAIL_RATE_LIMIT', 'LOG_LEVEL', 'SHUTDOWN_TIMEOUT_MS', 'BODY_LIMIT_BYTES', 'PAYMENT_FAILURE_RATE',
  'PAYMENT_LATENCY_MS', 'FULFILMENT_STEP_DELAY_MS', 'CART_TTL_SECONDS', 'FLASH_SALE_USER_LIMIT', 'TRANSPORT_CLAIM_IDLE_MS',
  'TRANSPORT_CONCURRENCY', 'REMOTE_TIMEOUT_MS', 'BREAKER_HALF_OPEN_AFTER_MS',
] as const;

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const config = new AppConfig();
  config.nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  config.port = integer(env, 'PORT', 3000, 0, 65535);
  const host = read(env, 'HOST') ?? '0.0.0.0';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', 'a host name or IP address', host);
  config.host = host;
  config.dataDir = read(env, 'DATA_DIR') ?? './.data';

  config.users = { name: 'users', url: pgUrl(env, 'USERS_DATABASE_URL') };
  config.catalog = { name: 'catalog', url: pgUrl(env, 'CATALOG_DATABASE_URL') };
  const shardUrls = read(env, 'ORDERS_SHARD_URLS');
  if (shardUrls !== undefined) {
    const urls = shardUrls.split(',').map((s) => s.trim());
    if (urls.some((u) => u === '')) throw new ConfigError('ORDERS_SHARD_URLS', `comma-separated ${PG_WHAT}s`, shardUrls);
    config.orderShards = urls.map((u, i) => ({
      name: `orders_${i}`,
      url: url('ORDERS_SHARD_URLS', u, PG, `comma-separated ${PG_WHAT}s`),
    }));
  } else {
    const count = integer(env, 'ORDERS_SHARDS', 2, 1, 64);
    config.orderShards = Array.from({ length: count }, (_, i) => ({ name: `orders_${i}` }));
  }
  config.dbPoolSize = integer(env, 'DB_POOL_SIZE', 10, 1, 1000);

  const production = config.nodeEnv === 'production';
  config.migrateOnStart = bool(env, 'MIGRATE_ON_START', !production);
  config.seedDemoData = bool(env, 'SEED_DEMO_DATA', !production);

  const redis = read(env, 'REDIS_URL');
  config.redisUrl = redis === undefined ? undefined : url('REDIS_URL', redis, ['redis:', 'rediss:'], 'a redis://host:port URL');
  const prefix = read(env, 'KEY_PREFIX') ?? 'surge';
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(prefix)) throw new ConfigError('KEY_PREFIX', 'letters, digits, _ or - (at most 64)', prefix);
  config.keyPrefix = prefix;

  const secret = read(env, 'JWT_SECRET');
  if (secret !== undefined && secret.length < 32) throw new ConfigError('JWT_SECRET', 'at least 32 characters', '<hidden>');
  if (secret === undefined && production) throw new ConfigError('JWT_SECRET', 'a secret of at least 32 characters when NODE_ENV=production', '');
  config.jwtSecret = secret;

  config.adminEmail = read(env, 'ADMIN_EMAIL');
  if (config.adminEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(config.adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'an email address', config.adminEmail);
  }
  config.adminPassword = read(env, 'ADMIN_PASSWORD');
  config.authIpRateLimit = rateLimit(env, 'AUTH_IP_RATE_LIMIT', { limit: 20, ttlSeconds: 60 });
  config.authEmailRateLimit = rateLimit(env, 'AUTH_EMAIL_RATE_LIMIT', { limit: 5, ttlSeconds: 60 });
  config.logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info');
  config.shutdownTimeoutMs = integer(env, 'SHUTDOWN_TIMEOUT_MS', 8000, 100, 120000);
  config.bodyLimitBytes = integer(env, 'BODY_LIMIT_BYTES', 1048576, 1024, 104857600);
  config.payments = {
    failureRate: fraction(env, 'PAYMENT_FAILURE_RATE', 0),
    latencyMs: integer(env, 'PAYMENT_LATENCY_MS', 50, 0, 60000),
  };
  config.fulfilmentStepDelayMs = integer(env, 'FULFILMENT_STEP_DELAY_MS', production ? 60000 : 2000, 0, 86400000);
  config.cartTtlSeconds = integer(env, 'CART_TTL_SECONDS', 7 * 86400, 60, 365 * 86400);
  config.flashSaleUserLimit = integer(env, 'FLASH_SALE_USER_LIMIT', 2, 1, 1000);
  config.transport = {
    claimIdleMs: integer(env, 'TRANSPORT_CLAIM_IDLE_MS', 10000, 100, 600000),
    concurrency: integer(env, 'TRANSPORT_CONCURRENCY', 32, 1, 1000),
  };
  config.remote = {
    timeoutMs: integer(env, 'REMOTE_TIMEOUT_MS', 3000, 10, 120000),
    breakerHalfOpenAfterMs: integer(env, 'BREAKER_HALF_OPEN_AFTER_MS', 10000, 100, 600000),
  };
  return config;
}
