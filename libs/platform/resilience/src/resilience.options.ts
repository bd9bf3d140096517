/** Limits every remote call of one service runs under. Durations in milliseconds. */
export interface ResilienceOptions {
  /** Deadline of one attempt; the call's AbortSignal fires then. */
  timeoutMs: number;
  /** Extra attempts after the first, for idempotent calls only (0 disables retry). */
  retries: number;
  /** Scale of the first backoff delay (decorrelated jitter around it). */
  retryInitialDelayMs: number;
  /** Cap of any single backoff delay. */
  retryMaxDelayMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before one probe call may go through. */
  breakerHalfOpenAfterMs: number;
  /** Calls to the service running at once from this process. */
  bulkheadLimit: number;
  /** Calls waiting for a slot; beyond this a call is rejected at once (0: no waiting). */
  bulkheadQueue: number;
}

// Sized for calls inside an HTTP request: a few hundred ms of retries at most, well under a client's patience.
export const DEFAULT_RESILIENCE: Readonly<ResilienceOptions> = Object.freeze({
  timeoutMs: 2000,
  retries: 2,
  retryInitialDelayMs: 50,
  retryMaxDelayMs: 500,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 10_000,
  bulkheadLimit: 100,
  bulkheadQueue: 100,
});

const MINIMUM: Record<keyof ResilienceOptions, number> = {
  timeoutMs: 1,
  retries: 0,
  retryInitialDelayMs: 0,
  retryMaxDelayMs: 0,
  breakerThreshold: 1,
  breakerHalfOpenAfterMs: 1,
  bulkheadLimit: 1,
  bulkheadQueue: 0,
};

/** Defaults overlaid with `overrides`; refuses values that would silently disable a policy. */
export function resolveResilienceOptions(service: string, overrides: Partial<ResilienceOptions> = {}): ResilienceOptions {
  const options: ResilienceOptions = { ...DEFAULT_RESILIENCE };
  for (const key of Object.keys(MINIMUM) as (keyof ResilienceOptions)[]) {
    const value = overrides[key];
    if (value !== undefined) options[key] = value;
    if (!Number.isInteger(options[key]) || options[key] < MINIMUM[key]) {
      throw new RangeError(`Resilience option ${key} for ${service} must be an integer >= ${MINIMUM[key]}, got ${String(options[key])}`);
    }
  }
  if (options.retryMaxDelayMs < options.retryInitialDelayMs) {
    throw new RangeError(`Resilience option retryMaxDelayMs for ${service} must be >= retryInitialDelayMs`);
  }
  return options;
}
