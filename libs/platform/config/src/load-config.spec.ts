import { describe, expect, it } from '@jest/globals';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('gives dev-mode defaults with nothing set: embedded databases, two shards, no Redis', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: './.data', logLevel: 'info', migrateOnStart: true });
    expect(config.databases.map((d) => d.name)).toEqual(['users', 'catalog', 'orders_0', 'orders_1']);
    expect(config.databases.every((d) => d.url === undefined)).toBe(true);
    expect(config.redisUrl).toBeUndefined();
    expect(config.inMemory).toBe(false);
  });

  it('reads URLs, one order shard per URL', () => {
    const config = loadConfig({
      PORT: '8080',
      USERS_DATABASE_URL: 'postgres://u@db:5432/users',
      ORDERS_SHARD_URLS: 'postgres://a/o0, postgresql://b/o1,postgres://c/o2',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATA_DIR: 'memory',
    });
    expect(config.port).toBe(8080);
    expect(config.users.url).toBe('postgres://u@db:5432/users');
    expect(config.orderShards.map((s) => [s.name, s.url])).toEqual([
      ['orders_0', 'postgres://a/o0'],
      ['orders_1', 'postgresql://b/o1'],
      ['orders_2', 'postgres://c/o2'],
    ]);
    expect(config.inMemory).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['USERS_DATABASE_URL', 'mysql://x/y'],
    ['ORDERS_SHARD_URLS', 'postgres://a/o0,,postgres://b/o1'],
    ['REDIS_URL', 'http://localhost'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['JWT_SECRET', 'short'],
    ['ORDERS_SHARDS', '0'],
    ['MIGRATE_ON_START', 'maybe'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['AUTH_IP_RATE_LIMIT', '10'],
    ['AUTH_IP_RATE_LIMIT', '0/60'],
    ['AUTH_EMAIL_RATE_LIMIT', '5/0'],
    ['AUTH_EMAIL_RATE_LIMIT', 'many/60'],
    ['PAYMENT_FAILURE_RATE', '1.5'],
    ['PAYMENT_FAILURE_RATE', '-0.1'],
    ['PAYMENT_FAILURE_RATE', 'half'],
    ['PAYMENT_LATENCY_MS', '-1'],
    ['FULFILMENT_STEP_DELAY_MS', 'soon'],
    ['CART_TTL_SECONDS', '10'],
    ['FLASH_SALE_USER_LIMIT', '0'],
  ])('refuses %s=%s with one line naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${name}=.*expected`));
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads auth rate limits as count/seconds, with defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.authIpRateLimit).toEqual({ limit: 20, ttlSeconds: 60 });
    expect(defaults.authEmailRateLimit).toEqual({ limit: 5, ttlSeconds: 60 });
    const config = loadConfig({ AUTH_IP_RATE_LIMIT: '3/2', AUTH_EMAIL_RATE_LIMIT: ' 100 / 3600 ' });
    expect(config.authIpRateLimit).toEqual({ limit: 3, ttlSeconds: 2 });
    expect(config.authEmailRateLimit).toEqual({ limit: 100, ttlSeconds: 3600 });
  });

  it('reads the order settings, with dev and production defaults', () => {
    const dev = loadConfig({});
    expect(dev.payments).toEqual({ failureRate: 0, latencyMs: 50 });
    expect([dev.fulfilmentStepDelayMs, dev.cartTtlSeconds, dev.flashSaleUserLimit]).toEqual([2000, 7 * 86400, 2]);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).fulfilmentStepDelayMs).toBe(60000);
    const set = loadConfig({ PAYMENT_FAILURE_RATE: '0.25', PAYMENT_LATENCY_MS: '0', FULFILMENT_STEP_DELAY_MS: '0', CART_TTL_SECONDS: '3600', FLASH_SALE_USER_LIMIT: '5' });
    expect(set.payments).toEqual({ failureRate: 0.25, latencyMs: 0 });
    expect([set.fulfilmentStepDelayMs, set.cartTtlSeconds, set.flashSaleUserLimit]).toEqual([0, 3600, 5]);
    expect(loadConfig({ PAYMENT_FAILURE_RATE: '1' }).payments.failureRate).toBe(1);
  });

  it('never prints a secret it refuses', () => {
    expect(() => loadConfig({ JWT_SECRET: 'tooshort-secret' })).toThrow(/JWT_SECRET="<hidden>"/);
  });

  it('requires JWT_SECRET in production and turns dev conveniences off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(config.migrateOnStart).toBe(false);
    expect(config.seedDemoData).toBe(false);
  });

  it('reads the split-topology settings, with defaults', () => {
    expect(loadConfig({}).transport).toEqual({ claimIdleMs: 10000, concurrency: 32 });
    expect(loadConfig({}).remote).toEqual({ timeoutMs: 3000, breakerHalfOpenAfterMs: 10000 });
    const c = loadConfig({ TRANSPORT_CLAIM_IDLE_MS: '500', TRANSPORT_CONCURRENCY: '4', REMOTE_TIMEOUT_MS: '250', BREAKER_HALF_OPEN_AFTER_MS: '1000' });
    expect([c.transport, c.remote]).toEqual([{ claimIdleMs: 500, concurrency: 4 }, { timeoutMs: 250, breakerHalfOpenAfterMs: 1000 }]);
    expect(() => loadConfig({ TRANSPORT_CONCURRENCY: '0' })).toThrow(/TRANSPORT_CONCURRENCY/);
  });

  it('lists exactly the variables it reads in CONFIG_VARIABLES', () => {
    const seen = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: (_target, name) => {
        if (typeof name === 'string') seen.add(name);
        return undefined;
      },
    });
    loadConfig(env);
    expect([...seen].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
