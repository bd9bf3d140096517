import { Counter, Gauge, Histogram } from 'prom-client';
import { singleton } from '@surge/platform/observability';

/** Outcome label of `surge_remote_call_duration_seconds`. */
export type RemoteCallOutcome = 'ok' | 'domain_error' | 'failure' | 'rejected';

/** Value of `surge_breaker_state`: 0 closed, 1 half-open (a probe call is allowed), 2 open. */
export const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export interface ResilienceMetrics {
  breakerState: Gauge<'service'>;
  duration: Histogram<'service' | 'method' | 'outcome'>;
  retries: Counter<'service' | 'method'>;
}

// singleton(): several apps built in one test process share prom-client's global registry.
export function resilienceMetrics(): ResilienceMetrics {
  return {
    breakerState: singleton(
      'surge_breaker_state',
      () =>
        new Gauge({
          name: 'surge_breaker_state',
          help: 'Circuit breaker state per remote service: 0 closed, 1 half-open, 2 open',
          labelNames: ['service'],
        }),
    ),
    duration: singleton(
      'surge_remote_call_duration_seconds',
      () =>
        new Histogram({
          name: 'surge_remote_call_duration_seconds',
          help: 'Remote port calls including retries, by outcome (ok, domain_error, failure, rejected = failed fast without reaching the service)',
          labelNames: ['service', 'method', 'outcome'],
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        }),
    ),
    retries: singleton(
      'surge_remote_call_retries_total',
      () =>
        new Counter({
          name: 'surge_remote_call_retries_total',
          help: 'Extra attempts made for idempotent remote calls after a retryable failure',
          labelNames: ['service', 'method'],
        }),
    ),
  };
}
