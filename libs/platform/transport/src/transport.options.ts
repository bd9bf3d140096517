import type { DomainErrorData } from '@surge/contracts';

/** Settings both ends share: where Redis is and how the keys are named and bounded. */
export interface RedisStreamsCommonOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** Prefix of every key (`${keyPrefix}:rpc:${service}`, `${keyPrefix}:events:${pattern}`, `${keyPrefix}:reply:${clientId}`). */
  keyPrefix: string;
  /** Approximate cap on every stream (`XADD MAXLEN ~`); default 10000. */
  maxStreamLength?: number;
  /** How long one blocking read waits, in ms (at most 2000 so consumers stay visibly alive); default 1000. */
  blockMs?: number;
}

export interface RedisStreamsServerOptions extends RedisStreamsCommonOptions {
  /** The service this replica serves: the consumer group name and the `${service}` of the request stream. */
  service: string;
  /** This replica's consumer name; default `${hostname}-${pid}-${random}`. */
  consumerName?: string;
  /** A message pending this long on a silent consumer is taken over by another replica; default 10000. */
  claimIdleMs?: number;
  /** Handlers in flight at once on this replica; default 32. */
  concurrency?: number;
  /** How long close() waits for handlers in flight; default 10000. */
  shutdownTimeoutMs?: number;
  /** TTL of a reply list, so a client that died leaves nothing behind; default 30000. */
  replyTtlMs?: number;
  /** A consumer idle this long with nothing pending is deleted from the group; default 60000. */
  consumerExpiryMs?: number;
  /** How often dead consumers are looked for; default 30000. */
  housekeepingIntervalMs?: number;
}

export interface RedisStreamsClientOptions extends RedisStreamsCommonOptions {
  /** Time from send() to the request's deadline, in ms; default 5000. */
  requestTimeoutMs?: number;
  /**
   * Called on every send() and emit(); its entries travel as message headers (e.g. `x-request-id`
   * read from an AsyncLocalStorage). Packet metadata set through `setOnDispatchHook` is added on top.
   */
  headers?: () => Record<string, string> | undefined;
  /** Rebuilds a domain error from its data (plug in a registry of subclasses); default `DomainError.fromData`. */
  errorFactory?: (data: DomainErrorData) => Error;
  /** This client's id (names its reply list); default `${hostname}-${pid}-${random}`. */
  clientId?: string;
}

export const TRANSPORT_DEFAULTS = {
  maxStreamLength: 10_000,
  blockMs: 1_000,
  claimIdleMs: 10_000,
  concurrency: 32,
  shutdownTimeoutMs: 10_000,
  replyTtlMs: 30_000,
  consumerExpiryMs: 60_000,
  housekeepingIntervalMs: 30_000,
  requestTimeoutMs: 5_000,
} as const;

/** A blocked read longer than this would make a healthy replica look dead to discovery. */
export const MAX_BLOCK_MS = 2_000;

export function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved <= 0) throw new Error(`${name} must be a positive integer, got ${String(value)}`);
  return resolved;
}

export function commonSettings(options: RedisStreamsCommonOptions): { maxStreamLength: number; blockMs: number } {
  if (!options.url) throw new Error('url is required');
  if (typeof options.keyPrefix !== 'string') throw new Error('keyPrefix is required');
  const blockMs = positiveInt('blockMs', options.blockMs, TRANSPORT_DEFAULTS.blockMs);
  if (blockMs > MAX_BLOCK_MS) throw new Error(`blockMs must be at most ${MAX_BLOCK_MS}`);
  return { maxStreamLength: positiveInt('maxStreamLength', options.maxStreamLength, TRANSPORT_DEFAULTS.maxStreamLength), blockMs };
}
