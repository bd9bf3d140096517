import { DomainError, ServiceUnavailableError } from '@surge/contracts';
import {
  bulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  retry,
  timeout,
  TimeoutStrategy,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { isRemoteFailure, isRetryable } from './remote-failure.js';
import { BREAKER_STATE_VALUE, resilienceMetrics, type RemoteCallOutcome, type ResilienceMetrics } from './resilience.metrics.js';
import { resolveResilienceOptions, type ResilienceOptions } from './resilience.options.js';

export type BreakerState = 'closed' | 'half-open' | 'open';

export interface CallOptions {
  /**
   * The call may run more than once with the same effect: reads, and writes carrying an
   * idempotency key. Only these are retried; anything else runs at most once.
   */
  idempotent?: boolean;
}

/**
 * The policies every remote call to one service runs under, composed as
 * bulkhead(retry(breaker(timeout(call)))):
 * - bulkhead outermost: one slot per logical call, held through its retries, so a struggling
 *   service cannot make retries multiply the load; a rejection never reaches retry or breaker
 *   (our own load shedding is not the service failing).
 * - retry outside the breaker: each attempt is counted by the breaker, and once it opens the
 *   next attempt fails with BrokenCircuitError, which is not retried, so retries stop at once.
 * - timeout innermost: each attempt gets its own deadline and AbortSignal.
 * One instance per service per process: the breaker only works if it sees every call.
 */
export class ServicePolicy {
  readonly options: Readonly<ResilienceOptions>;
  private readonly bulkhead: BulkheadPolicy;
  private readonly retry: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly timeout: TimeoutPolicy;
  private readonly metrics: ResilienceMetrics = resilienceMetrics();
  private openedAt = 0;

  constructor(
    readonly service: string,
    options: Partial<ResilienceOptions> = {},
  ) {
    const o = (this.options = resolveResilienceOptions(service, options));
    this.bulkhead = bulkhead(o.bulkheadLimit, o.bulkheadQueue);
    // cockatiel's maxAttempts counts attempts after the first one.
    this.retry = retry(handleWhen(isRetryable), {
      maxAttempts: o.retries,
      backoff: new ExponentialBackoff({ initialDelay: o.retryInitialDelayMs, maxDelay: o.retryMaxDelayMs }),
    });
    this.breaker = circuitBreaker(handleWhen(isRemoteFailure), {
      halfOpenAfter: o.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(o.breakerThreshold),
    });
    // Aggressive: the signal is aborted at the deadline *and* the caller is released then, even
    // if the call ignores its signal; a cooperative timeout would wait for it, holding a bulkhead slot.
    this.timeout = timeout(o.timeoutMs, TimeoutStrategy.Aggressive);

    const gauge = this.metrics.breakerState.labels(service);
    gauge.set(BREAKER_STATE_VALUE.closed);
    this.breaker.onBreak(() => (this.openedAt = Date.now()));
    this.breaker.onStateChange(() => gauge.set(BREAKER_STATE_VALUE[this.state]));
  }

  /**
   * cockatiel leaves Open for HalfOpen lazily, on the first call after the delay, so an idle
   * breaker reads `open` past its delay; that call becomes the probe.
   */
  get state(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'open';
    }
  }

  /**
   * Runs `call` under the policies. Resolves with its value or rejects with the domain error it
   * answered (same instance); a failure (timeout, transport error, open breaker, full bulkhead)
   * ends as ServiceUnavailableError, with the original error as `cause` for logs.
   */
  async execute<T>(method: string, call: (signal: AbortSignal) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    const started = performance.now();
    let reached = false;
    const attempt = (): Promise<T> =>
      this.breaker.execute(() =>
        this.timeout.execute(({ signal }) => {
          reached = true;
          return call(signal);
        }),
      );
    const retried = (): Promise<T> =>
      this.retry.execute(({ attempt: n }) => {
        if (n > 0) this.metrics.retries.labels(this.service, method).inc();
        return attempt();
      });

    try {
      const value = await this.bulkhead.execute(() => (opts.idempotent && this.options.retries > 0 ? retried() : attempt()));
      this.observe(method, 'ok', started);
      return value;
    } catch (error) {
      if (!isRemoteFailure(error)) {
        this.observe(method, 'domain_error', started);
        throw error;
      }
      // Rejected: failed fast without any attempt reaching the service.
      this.observe(method, reached ? 'failure' : 'rejected', started);
      throw this.toUnavailable(error);
    }
  }

  private observe(method: string, outcome: RemoteCallOutcome, started: number): void {
    this.metrics.duration.labels(this.service, method, outcome).observe((performance.now() - started) / 1000);
  }

  /** Messages name the logical service only: hosts and stream names stay in `cause`. */
  private toUnavailable(error: unknown): DomainError {
    // The service's own `unavailable` answer is client-safe already and knows its Retry-After.
    if (error instanceof DomainError) return error;
    const name = this.service;
    const unavailable = isBulkheadRejectedError(error)
      ? new ServiceUnavailableError(`The ${name} service is busy; try again shortly`, 1)
      : isBrokenCircuitError(error)
        ? new ServiceUnavailableError(`The ${name} service is temporarily unavailable`, this.retryAfterSeconds())
        : isTaskCancelledError(error)
          ? new ServiceUnavailableError(`The ${name} service did not answer in time`, this.retryAfterSeconds())
          : new ServiceUnavailableError(`The ${name} service is unavailable`, this.retryAfterSeconds());
    unavailable.cause = error;
    return unavailable;
  }

  /** While open: the time left until a probe may go through, rounded up; otherwise 1 s. */
  private retryAfterSeconds(): number {
    if (this.breaker.state !== CircuitState.Open) return 1;
    const remainingMs = this.openedAt + this.options.breakerHalfOpenAfterMs - Date.now();
    return Math.max(1, Math.ceil(remainingMs / 1000));
  }
}
