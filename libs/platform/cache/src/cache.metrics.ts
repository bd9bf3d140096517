import { Counter } from 'prom-client';
import { singleton } from '@surge/platform/observability';

type Child = { inc(value?: number): void };

/** The cache counters, bound to their label values once (getOrLoad is a hot path). */
export interface CacheMetrics {
  l1Hit: Child;
  l1Miss: Child;
  l2Hit: Child;
  l2Miss: Child;
  loadValue: Child;
  loadNull: Child;
  loadError: Child;
  invalidations: Child;
  l2Errors: Counter<'operation'>;
}

export function cacheMetrics(): CacheMetrics {
  const requests = singleton(
    'surge_cache_requests_total',
    () =>
      new Counter({
        name: 'surge_cache_requests_total',
        help: 'Cache lookups by level (l1 in-process, l2 Redis) and result (hit or miss)',
        labelNames: ['level', 'result'],
      }),
  );
  const loads = singleton(
    'surge_cache_loads_total',
    () =>
      new Counter({
        name: 'surge_cache_loads_total',
        help: 'Loader calls after a miss on every level, by result (value, null or error)',
        labelNames: ['result'],
      }),
  );
  const invalidations = singleton(
    'surge_cache_invalidations_total',
    () =>
      new Counter({
        name: 'surge_cache_invalidations_total',
        help: 'Keys invalidated and namespaces bumped by this process',
      }),
  );
  const l2Errors = singleton(
    'surge_cache_l2_errors_total',
    () =>
      new Counter({
        name: 'surge_cache_l2_errors_total',
        help: 'Redis cache operations that failed or timed out (the call went on without Redis)',
        labelNames: ['operation'],
      }),
  );
  return {
    l1Hit: requests.labels('l1', 'hit'),
    l1Miss: requests.labels('l1', 'miss'),
    l2Hit: requests.labels('l2', 'hit'),
    l2Miss: requests.labels('l2', 'miss'),
    loadValue: loads.labels('value'),
    loadNull: loads.labels('null'),
    loadError: loads.labels('error'),
    invalidations,
    l2Errors,
  };
}
