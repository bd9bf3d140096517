import { Counter, Gauge, register, type Metric } from 'prom-client';
import { QUEUE_STATES, type QueueCounts } from './job-queue.service.js';

/** A source of queue depths: each running app's JobQueue registers one while it is up. */
export interface QueueCountsSource {
  queueNames(): string[];
  counts(queue: string): Promise<QueueCounts>;
}

const sources = new Set<QueueCountsSource>();

// Several apps in one process (tests) share the default registry: reuse a metric already there.
function metric<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

export function queueJobsGauge(): Gauge<'queue' | 'state'> {
  return metric(
    'surge_queue_jobs',
    () =>
      new Gauge({
        name: 'surge_queue_jobs',
        help: 'Jobs per queue and state',
        labelNames: ['queue', 'state'],
        async collect() {
          this.reset();
          for (const source of sources) {
            for (const queue of source.queueNames()) {
              // An unreachable backend leaves its queues out rather than hanging the scrape.
              const counts = await withTimeout(source.counts(queue), 1000).catch(() => undefined);
              if (!counts) continue;
              for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state]);
            }
          }
        },
      }),
  );
}

export function jobAttemptsCounter(): Counter<'queue' | 'name' | 'outcome'> {
  return metric(
    'surge_queue_job_attempts_total',
    () =>
      new Counter({
        name: 'surge_queue_job_attempts_total',
        help: 'Job attempts by queue, job name and outcome (completed or failed)',
        labelNames: ['queue', 'name', 'outcome'],
      }),
  );
}

/** Makes the gauge report this source until the returned function is called. */
export function reportQueueDepths(source: QueueCountsSource): () => void {
  queueJobsGauge();
  sources.add(source);
  return () => sources.delete(source);
}
