import { Counter, Gauge, Histogram } from 'prom-client';
import { singleton } from '@surge/platform/observability';

export type ServerOutcome = 'ok' | 'error' | 'expired' | 'rejected';
export type ClientOutcome = 'ok' | 'error' | 'remote_error' | 'timeout' | 'closed' | 'send_failed' | 'abandoned';

export interface ServerMetrics {
  requests: Counter<'service' | 'pattern' | 'outcome'>;
  events: Counter<'service' | 'pattern' | 'outcome'>;
  claimed: Counter<'service'>;
  inFlight: Gauge<'service'>;
}

/** Server-side counters; one set per process however many replicas a test starts. */
export function serverMetrics(): ServerMetrics {
  return {
    requests: singleton(
      'surge_transport_requests_total',
      () =>
        new Counter({
          name: 'surge_transport_requests_total',
          help: 'Requests read by this replica, by outcome (ok, error, expired: past deadline and not run, rejected: malformed or no handler)',
          labelNames: ['service', 'pattern', 'outcome'],
        }),
    ),
    events: singleton(
      'surge_transport_events_total',
      () =>
        new Counter({
          name: 'surge_transport_events_total',
          help: 'Events handled by this replica, by outcome',
          labelNames: ['service', 'pattern', 'outcome'],
        }),
    ),
    claimed: singleton(
      'surge_transport_claimed_total',
      () =>
        new Counter({
          name: 'surge_transport_claimed_total',
          help: 'Messages taken over from a consumer that went silent',
          labelNames: ['service'],
        }),
    ),
    inFlight: singleton(
      'surge_transport_in_flight',
      () => new Gauge({ name: 'surge_transport_in_flight', help: 'Handlers running now', labelNames: ['service'] }),
    ),
  };
}

export function clientDurationHistogram(): Histogram<'service' | 'pattern' | 'outcome'> {
  return singleton(
    'surge_transport_client_duration_seconds',
    () =>
      new Histogram({
        name: 'surge_transport_client_duration_seconds',
        help: 'Time from send() to reply or failure, by target service, pattern and outcome',
        labelNames: ['service', 'pattern', 'outcome'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
  );
}
