import { describe, expect, it } from '@jest/globals';
import { DomainError, ServiceUnavailableError } from '@surge/contracts';
import { register } from 'prom-client';
import { ServicePolicy } from './service-policy.js';
import type { ResilienceOptions } from './resilience.options.js';

// Small numbers keep the whole file well under a second of waiting.
const FAST: Partial<ResilienceOptions> = {
  timeoutMs: 30,
  retries: 2,
  retryInitialDelayMs: 1,
  retryMaxDelayMs: 5,
  breakerThreshold: 3,
  breakerHalfOpenAfterMs: 60,
  bulkheadLimit: 10,
  bulkheadQueue: 0,
};

let serviceSeq = 0;
/** A service name of its own per test, so metric series do not mix. */
const policy = (options: Partial<ResilienceOptions> = {}) => new ServicePolicy(`svc${++serviceSeq}`, { ...FAST, ...options });

const transportError = () => Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:6379'), { code: 'ECONNREFUSED' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function metricValue(name: string, labels: Record<string, string>, metricName = name): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  // Histograms name each series (_bucket, _count, _sum); counters and gauges do not.
  const match = (values as { metricName?: string; value: number; labels: Record<string, unknown> }[]).find(
    (v) => (v.metricName ?? name) === metricName && Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return match?.value ?? 0;
}
const calls = (service: string, method: string, outcome: string) =>
  metricValue('surge_remote_call_duration_seconds', { service, method, outcome }, 'surge_remote_call_duration_seconds_count');
const retries = (service: string, method: string) => metricValue('surge_remote_call_retries_total', { service, method });
const gauge = (service: string) => metricValue('surge_breaker_state', { service });

/** A call that fails with `errors` in turn, then returns 'ok'. */
function flaky(...errors: unknown[]) {
  const fn = { count: 0, call: async (_signal: AbortSignal): Promise<string> => (fn.count++ < errors.length ? Promise.reject(errors[fn.count - 1]) : 'ok') };
  return fn;
}

describe('ServicePolicy retry', () => {
  it('retries an idempotent call after retryable failures and counts the retries', async () => {
    const p = policy();
    const fn = flaky(transportError(), new ServiceUnavailableError('busy', 1));
    await expect(p.execute('getProduct', fn.call, { idempotent: true })).resolves.toBe('ok');
    expect(fn.count).toBe(3);
    expect(await retries(p.service, 'getProduct')).toBe(2);
    expect(await calls(p.service, 'getProduct', 'ok')).toBe(1);
  });

  it('runs a non-idempotent call once and ends a transport failure as ServiceUnavailableError', async () => {
    const p = policy();
    const cause = transportError();
    const fn = flaky(cause);
    const error = await p.execute('reserveStock', fn.call).catch((e: unknown) => e);
    expect(fn.count).toBe(1);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ kind: 'unavailable', code: 'SERVICE_UNAVAILABLE', cause });
    expect((error as Error).message).toContain(p.service);
    expect((error as Error).message).not.toContain('10.1.2.3');
    expect(await retries(p.service, 'reserveStock')).toBe(0);
    expect(await calls(p.service, 'reserveStock', 'failure')).toBe(1);
  });

  it('passes the service\'s own unavailable answer through after retries', async () => {
    const p = policy();
    const answer = new ServiceUnavailableError('Rate limiting is unavailable', 7);
    const fn = flaky(answer, answer, answer);
    await expect(p.execute('getProduct', fn.call, { idempotent: true })).rejects.toBe(answer);
    expect(fn.count).toBe(3);
    expect(p.state).toBe('open'); // unlike other domain errors, `unavailable` counts as a failure
  });
});

describe('ServicePolicy domain errors', () => {
  it('passes a domain answer through unchanged, once, without touching the breaker', async () => {
    const p = policy();
    const conflict = new DomainError('conflict', 'ORDER_EXISTS', 'Already placed');
    for (let i = 0; i < 10; i++) {
      const fn = flaky(conflict);
      await expect(p.execute('placeOrder', fn.call, { idempotent: true })).rejects.toBe(conflict);
      expect(fn.count).toBe(1);
    }
    expect(p.state).toBe('closed');
    expect(await gauge(p.service)).toBe(0);
    expect(await calls(p.service, 'placeOrder', 'domain_error')).toBe(10);
    expect(await retries(p.service, 'placeOrder')).toBe(0);
  });
});

describe('ServicePolicy timeout', () => {
  it('aborts a call that never settles after timeoutMs and ends as ServiceUnavailableError', async () => {
    const p = policy({ timeoutMs: 30 });
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const error = await p
      .execute('getProduct', (signal) => {
        seen = signal;
        return new Promise<never>(() => undefined); // ignores its signal on purpose
      })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen?.aborted).toBe(true);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toBe(`The ${p.service} service did not answer in time`);
  });

  it('times out each attempt of an idempotent call on its own and gives up after the retries', async () => {
    const p = policy({ timeoutMs: 20 });
    const signals: AbortSignal[] = [];
    const error = await p
      .execute(
        'getProduct',
        (signal) => {
          signals.push(signal);
          return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        },
        { idempotent: true },
      )
      .catch((e: unknown) => e);
    expect(signals).toHaveLength(3);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(await retries(p.service, 'getProduct')).toBe(2);
  });
});

describe('ServicePolicy circuit breaker', () => {
  it('opens after threshold failures, rejects at once, and closes after a successful probe', async () => {
    const p = policy({ breakerThreshold: 3, breakerHalfOpenAfterMs: 60 });
    for (let i = 0; i < 3; i++) await expect(p.execute('getProduct', flaky(transportError()).call)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(p.state).toBe('open');
    expect(await gauge(p.service)).toBe(2);

    const blocked = flaky();
    const started = Date.now();
    const error = await p.execute('getProduct', blocked.call, { idempotent: true }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(20);
    expect(blocked.count).toBe(0);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).extra.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await calls(p.service, 'getProduct', 'rejected')).toBe(1);

    await sleep(70);
    let probeState: string | undefined;
    let probeGauge: number | undefined;
    await expect(
      p.execute('getProduct', async () => {
        probeState = p.state;
        probeGauge = await gauge(p.service);
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect([probeState, probeGauge]).toEqual(['half-open', 1]);
    expect(p.state).toBe('closed');
    expect(await gauge(p.service)).toBe(0);
  });

  it('reports the remaining open time, rounded up, as retryAfterSeconds', async () => {
    const p = policy({ breakerThreshold: 1, breakerHalfOpenAfterMs: 2500 });
    await expect(p.execute('getProduct', flaky(transportError()).call)).rejects.toBeInstanceOf(ServiceUnavailableError);
    const error = await p.execute('getProduct', flaky().call).catch((e: unknown) => e);
    expect((error as ServiceUnavailableError).extra.retryAfterSeconds).toBe(3);
  });

  it('stops retrying as soon as the breaker opens', async () => {
    const p = policy({ breakerThreshold: 2, retries: 5 });
    const fn = flaky(...Array.from({ length: 10 }, transportError));
    const error = await p.execute('getProduct', fn.call, { idempotent: true }).catch((e: unknown) => e);
    expect(fn.count).toBe(2); // the third attempt met BrokenCircuitError, which is not retried
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toBe(`The ${p.service} service is temporarily unavailable`);
    expect(p.state).toBe('open');
    expect(await calls(p.service, 'getProduct', 'failure')).toBe(1);
  });
});

describe('ServicePolicy bulkhead', () => {
  it('rejects a call beyond the limit and queue at once, and lets the running ones finish', async () => {
    const p = policy({ bulkheadLimit: 2, bulkheadQueue: 0 });
    const releases: (() => void)[] = [];
    const slow = () => new Promise<string>((resolve) => releases.push(() => resolve('done')));
    const first = p.execute('getProduct', slow);
    const second = p.execute('getProduct', slow);
    const third = flaky();
    const error = await p.execute('getProduct', third.call).catch((e: unknown) => e);
    expect(third.count).toBe(0);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).extra.retryAfterSeconds).toBe(1);
    await sleep(0);
    releases.forEach((release) => release());
    await expect(Promise.all([first, second])).resolves.toEqual(['done', 'done']);
    expect(p.state).toBe('closed'); // our own load shedding is not the service failing
    expect(await calls(p.service, 'getProduct', 'rejected')).toBe(1);
    expect(await calls(p.service, 'getProduct', 'ok')).toBe(2);
  });

  it('queues up to bulkheadQueue calls before rejecting', async () => {
    const p = policy({ bulkheadLimit: 1, bulkheadQueue: 1 });
    let release!: () => void;
    const first = p.execute('getProduct', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const queued = p.execute('getProduct', async () => 'queued');
    await expect(p.execute('getProduct', async () => 'third')).rejects.toBeInstanceOf(ServiceUnavailableError);
    await sleep(0);
    release();
    await expect(Promise.all([first, queued])).resolves.toEqual(['first', 'queued']);
  });
});
