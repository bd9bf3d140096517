import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '@surge/platform/config';
import { REDIS } from '@surge/platform/redis';
import { cacheMetrics } from './cache.metrics.js';
import { SingleFlight, type Flight } from './single-flight.js';
import { jitteredTtl } from './ttl-jitter.js';

export interface CacheLoadOptions {
  ttlMs: number;
  /** How long a null result (unknown id) is cached; default 5000. */
  negativeTtlMs?: number;
  /** Fraction by which each TTL is randomly moved either way; default 0.2. */
  jitter?: number;
}

const DEFAULT_NEGATIVE_TTL_MS = 5000;
const DEFAULT_JITTER = 0.2;
/**
 * With Redis, L1 keeps an entry at most this long (before jitter), whatever its TTL: should a
 * replica miss an invalidation message (subscriber reconnecting), its stale copy dies within
 * seconds and is re-read from L2. Without Redis there is nothing to miss, and L1 keeps the full TTL.
 */
const L1_MAX_TTL_MS = 5000;
/** How long a namespace version read from Redis is trusted locally, for the same reason. */
const VERSION_TTL_MS = 5000;
/** A Redis call taking longer counts as an outage: the call goes on without L2. */
const REDIS_TIMEOUT_MS = 150;
/** At most this many subscriber set-up milliseconds delay start-up. */
const SUBSCRIBE_WAIT_MS = 1000;
const L1_MAX_ENTRIES = 50_000;
/** Bound on the JSON length of all L1 values together (roughly bytes). */
const L1_MAX_SIZE = 64 * 1024 * 1024;

/** Wrapped because lru-cache cannot hold null, and null (unknown id) is worth caching. */
interface Entry {
  value: unknown;
}

interface InvalidationMessage {
  origin: string;
  keys?: string[];
  namespaces?: string[];
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis call timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Cache-aside in two levels: an in-process LRU (L1), then Redis (L2) when configured, then the
 * loader. Values must be JSON-serialisable; every caller gets the JSON round trip of the loaded
 * value (the same shape whichever level served it) and must treat it as read-only, since L1 hands
 * the same object to every caller.
 */
@Injectable()
export class TieredCache implements OnModuleInit, OnApplicationShutdown {
  private readonly l1 = new LRUCache<string, Entry>({
    max: L1_MAX_ENTRIES,
    maxSize: L1_MAX_SIZE,
    // Looked up on each call so that tests can fake the clock.
    perf: { now: () => performance.now() },
  });
  private readonly loads = new SingleFlight<unknown>();
  private readonly versionReads = new SingleFlight<number>();
  /** Namespace versions; namespaces are few and named in code, so the map stays small. */
  private readonly versions = new Map<string, { version: number; expiresAt: number }>();
  private readonly metrics = cacheMetrics();
  /** Tells this instance's own pub/sub messages apart (it has already applied them). */
  private readonly origin = randomUUID();
  private readonly channel: string;
  private subscriber?: Redis;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {
    this.channel = `${config.keyPrefix}:cache:invalidate`;
  }

  /** L1 in-process LRU, then L2 Redis (when configured), then loader. One loader call per key at a time per process (single flight); a null result is cached for negativeTtlMs (penetration); TTLs get +-jitter (avalanche). */
  async getOrLoad<T>(key: string, loader: () => Promise<T | null>, options: CacheLoadOptions): Promise<T | null> {
    const entry = this.l1.get(key);
    if (entry) {
      this.metrics.l1Hit.inc();
      return entry.value as T | null;
    }
    this.metrics.l1Miss.inc();
    return (await this.loads.run(key, (flight) => this.load(key, loader, options, flight))) as T | null;
  }

  /** Removes keys from L2 and from L1 of every replica sharing the Redis (pub/sub message), and locally at once. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    this.dropLocal(keys, []);
    this.metrics.invalidations.inc(keys.length);
    // DEL before PUBLISH (one pipeline, in order): a replica reloading on the message finds L2 empty.
    await this.l2('invalidate', (redis) =>
      redis
        .pipeline()
        .del(...keys.map((key) => this.redisKey(key)))
        .publish(this.channel, this.message({ keys }))
        .exec()
        .then(throwPipelineError),
    );
  }

  /** Current version of a namespace (e.g. 'catalog:list'), for version-keyed entries such as list pages; starts at 0. */
  async namespaceVersion(namespace: string): Promise<number> {
    const cached = this.versions.get(namespace);
    if (cached && cached.expiresAt > Date.now()) return cached.version;
    if (!this.redis) return 0;
    return this.versionReads.run(namespace, async (flight) => {
      const stored = await this.l2('version', (redis) => redis.get(this.versionKey(namespace)));
      // Redis unreachable: keep the last version seen rather than going back to 0.
      const version = stored === undefined ? (this.versions.get(namespace)?.version ?? 0) : Number(stored ?? 0);
      if (!flight.stale) this.versions.set(namespace, { version, expiresAt: Date.now() + VERSION_TTL_MS });
      return version;
    });
  }

  /** Bumps the namespace version (Redis INCR when configured), and drops that namespace's cached version on every replica. Old version-keyed entries simply expire. */
  async bumpNamespace(namespace: string): Promise<number> {
    const previous = this.versions.get(namespace)?.version ?? 0;
    this.versionReads.forget(namespace);
    this.metrics.invalidations.inc();
    const results = await this.l2('bump', (redis) =>
      redis
        .pipeline()
        .incr(this.versionKey(namespace))
        .publish(this.channel, this.message({ namespaces: [namespace] }))
        .exec()
        .then(throwPipelineError),
    );
    this.versionReads.forget(namespace); // a read that started meanwhile may hold the old version
    // Without Redis (or while it is down) the version is this process's own count.
    const version = results ? Number(results[0]) : previous + 1;
    this.versions.set(namespace, { version, expiresAt: this.redis ? Date.now() + VERSION_TTL_MS : Infinity });
    return version;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    // A connection in subscriber mode can run no other command, hence a dedicated one. It queues
    // SUBSCRIBE until connected and re-subscribes by itself after a reconnect.
    const subscriber = this.redis.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      connectionName: `surge:${this.config.keyPrefix}:cache-invalidation`,
    });
    this.subscriber = subscriber;
    subscriber.on('error', () => this.metrics.l2Errors.inc({ operation: 'subscriber' }));
    subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    let connectedBefore = false;
    subscriber.on('ready', () => {
      // Messages sent while disconnected are lost: start over from L2.
      if (connectedBefore) this.dropAllLocal();
      connectedBefore = true;
    });
    const subscribed = subscriber.subscribe(this.channel).catch(() => undefined);
    if (this.redis.status === 'ready') {
      await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref())]);
    }
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private async load(key: string, loader: () => Promise<unknown>, options: CacheLoadOptions, flight: Flight<unknown>): Promise<unknown> {
    const stored = await this.l2('get', (redis) => redis.get(this.redisKey(key)));
    if (typeof stored === 'string') {
      this.metrics.l2Hit.inc();
      const value: unknown = JSON.parse(stored);
      if (!flight.stale) this.setL1(key, value, stored.length, options);
      return value;
    }
    if (stored === null) this.metrics.l2Miss.inc();

    let json: string;
    try {
      // Normalised through JSON so that this caller sees what other replicas will read from L2.
      json = JSON.stringify((await loader()) ?? null);
    } catch (error) {
      this.metrics.loadError.inc();
      throw error;
    }
    const value: unknown = JSON.parse(json);
    (value === null ? this.metrics.loadNull : this.metrics.loadValue).inc();
    if (flight.stale) return value;

    if (this.redis) {
      await this.l2('set', (redis) => redis.set(this.redisKey(key), json, 'PX', jitteredTtl(this.ttlOf(value, options), this.jitterOf(options))));
      // Invalidated while the SET was on its way: it may have landed after the DEL, so undo it.
      if (flight.stale) {
        await this.l2('del', (redis) => redis.del(this.redisKey(key)));
        return value;
      }
    }
    this.setL1(key, value, json.length, options);
    return value;
  }

  private setL1(key: string, value: unknown, size: number, options: CacheLoadOptions): void {
    const ttl = this.redis ? Math.min(this.ttlOf(value, options), L1_MAX_TTL_MS) : this.ttlOf(value, options);
    this.l1.set(key, { value }, { ttl: jitteredTtl(ttl, this.jitterOf(options)), size: Math.max(1, size) });
  }

  private ttlOf(value: unknown, options: CacheLoadOptions): number {
    return value === null ? (options.negativeTtlMs ?? DEFAULT_NEGATIVE_TTL_MS) : options.ttlMs;
  }

  private jitterOf(options: CacheLoadOptions): number {
    return options.jitter ?? DEFAULT_JITTER;
  }

  /** Runs a Redis command bounded in time; undefined when Redis is not configured, down, slow or failing. */
  private async l2<R>(operation: string, command: (redis: Redis) => Promise<R>): Promise<R | undefined> {
    if (!this.redis) return undefined;
    if (this.redis.status !== 'ready') {
      this.metrics.l2Errors.inc({ operation });
      return undefined;
    }
    try {
      return await withTimeout(command(this.redis), REDIS_TIMEOUT_MS);
    } catch {
      this.metrics.l2Errors.inc({ operation });
      return undefined;
    }
  }

  private onMessage(raw: string): void {
    let message: InvalidationMessage;
    try {
      message = JSON.parse(raw) as InvalidationMessage;
    } catch {
      return;
    }
    if (message.origin === this.origin) return;
    this.dropLocal(Array.isArray(message.keys) ? message.keys : [], Array.isArray(message.namespaces) ? message.namespaces : []);
  }

  private dropLocal(keys: string[], namespaces: string[]): void {
    for (const key of keys) {
      this.l1.delete(key);
      this.loads.forget(key);
    }
    for (const namespace of namespaces) {
      this.versions.delete(namespace);
      this.versionReads.forget(namespace);
    }
  }

  private dropAllLocal(): void {
    this.l1.clear();
    this.loads.forgetAll();
    this.versions.clear();
    this.versionReads.forgetAll();
  }

  private message(content: Omit<InvalidationMessage, 'origin'>): string {
    return JSON.stringify({ origin: this.origin, ...content });
  }

  private redisKey(key: string): string {
    return `${this.config.keyPrefix}:${key}`;
  }

  private versionKey(namespace: string): string {
    return `${this.config.keyPrefix}:cache:version:${namespace}`;
  }
}

/** ioredis pipelines report each command's error in the results instead of rejecting. */
function throwPipelineError(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('pipeline discarded');
  for (const [error] of results) if (error) throw error;
  return results.map(([, result]) => result);
}
