import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import { register } from 'prom-client';
import type { AppConfig } from '@surge/platform/config';
import { JobQueue } from '../job-queue.service.js';
import { QueueHealthIndicator } from '../queue.health-indicator.js';
import {
  BACKOFF_MS, bootQueueApp, CONTRACT_JOBS, CONTRACT_QUEUE, ContractHandlers, COUNTS_QUEUE, JobLog, SHUTDOWN_JOBS,
  SHUTDOWN_QUEUE, sleep, SLOW_JOB_MS, SlowHandlers, waitUntil,
} from './contract-app.js';

/**
 * The behaviour every queue driver must show, run against each one (embedded in `npm test`, Redis in
 * e2e) so the dev backend cannot drift from production.
 */
export function describeQueueDriverContract(driverName: string, makeConfig: () => AppConfig): void {
  describe(`queue driver contract: ${driverName}`, () => {
    let app: TestingModule;
    let log: JobLog;
    let jobs: JobQueue;

    beforeAll(async () => {
      ({ app, log } = await bootQueueApp(makeConfig(), CONTRACT_JOBS, [ContractHandlers]));
      jobs = app.get(JobQueue);
    });

    afterAll(async () => {
      await app?.close();
    });

    it('uses the expected driver and reports healthy with workers running', async () => {
      const result = await app.get(QueueHealthIndicator).check();
      expect(result).toEqual({ queue: { status: 'up', driver: driverName, workers: true } });
    });

    it('runs a job once with its data', async () => {
      await jobs.add(CONTRACT_QUEUE, 'record', { tag: 'once', n: 42 });
      await waitUntil(() => log.tagged('once').length > 0, 10_000, 'the job to run');
      await sleep(500);
      expect(log.tagged('once')).toEqual([expect.objectContaining({ name: 'record', data: { tag: 'once', n: 42 }, attempt: 1 })]);
    });

    it('refuses a job nobody declared', async () => {
      await expect(jobs.add(CONTRACT_QUEUE, 'undeclared', {})).rejects.toThrow(/not declared/);
      await expect(jobs.add('no-such-queue', 'record', {})).rejects.toThrow(/not declared/);
    });

    it('retries a failing job with growing exponential backoff until it succeeds', async () => {
      await jobs.add(CONTRACT_QUEUE, 'flaky', { tag: 'retry' });
      await waitUntil(() => log.tagged('retry').length >= 3, 15_000, 'three attempts');
      await sleep(300);
      const runs = log.tagged('retry');
      expect(runs.map((run) => run.attempt)).toEqual([1, 2, 3]);
      const [first, second] = [runs[1].at - runs[0].at, runs[2].at - runs[1].at];
      expect(first).toBeGreaterThanOrEqual(BACKOFF_MS * 0.9);
      expect(second).toBeGreaterThanOrEqual(BACKOFF_MS * 2 * 0.9);
      expect(second).toBeGreaterThan(first);
    });

    it('holds a delayed job until its delay has passed', async () => {
      const addedAt = Date.now();
      await jobs.add(CONTRACT_QUEUE, 'record', { tag: 'delayed' }, { delay: 1000 });
      await sleep(700);
      expect(log.tagged('delayed')).toHaveLength(0);
      await waitUntil(() => log.tagged('delayed').length > 0, 10_000, 'the delayed job');
      expect(log.tagged('delayed')[0].at - addedAt).toBeGreaterThanOrEqual(950);
    });

    it('adds a job once per jobId', async () => {
      const first = await jobs.add(CONTRACT_QUEUE, 'record', { tag: 'dedupe' }, { jobId: 'dedupe-1', delay: 300 });
      const second = await jobs.add(CONTRACT_QUEUE, 'record', { tag: 'dedupe' }, { jobId: 'dedupe-1', delay: 300 });
      expect(second.id).toBe(first.id);
      await waitUntil(() => log.tagged('dedupe').length > 0, 10_000, 'the de-duplicated job');
      await sleep(800);
      expect(log.tagged('dedupe')).toHaveLength(1);
    });

    it('counts completed and failed jobs, and exports them as metrics', async () => {
      await jobs.add(COUNTS_QUEUE, 'ok', { tag: 'count' });
      await jobs.add(COUNTS_QUEUE, 'ok', { tag: 'count' });
      await jobs.add(COUNTS_QUEUE, 'doomed', { tag: 'count' });
      await waitUntil(async () => {
        const counts = await jobs.counts(COUNTS_QUEUE);
        return counts.completed === 2 && counts.failed === 1;
      }, 10_000, 'two completed and one failed job');
      expect(await jobs.counts(COUNTS_QUEUE)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1, completed: 2 });
      expect(log.tagged('count')).toHaveLength(3); // the doomed job (attempts: 1) is not retried
      expect(jobs.queues().map((queue) => queue.name).sort()).toEqual([CONTRACT_QUEUE, COUNTS_QUEUE]);

      const gauge = await register.getSingleMetricAsString('surge_queue_jobs');
      expect(gauge).toContain(`surge_queue_jobs{queue="${COUNTS_QUEUE}",state="completed"} 2`);
      expect(gauge).toContain(`surge_queue_jobs{queue="${COUNTS_QUEUE}",state="failed"} 1`);
      const attempts = await register.getSingleMetricAsString('surge_queue_job_attempts_total');
      expect(attempts).toMatch(new RegExp(`queue="${COUNTS_QUEUE}",name="doomed",outcome="failed"} [1-9]`));
    });

    it('lets an in-flight job finish before shutdown completes', async () => {
      const { app: other, log: slowLog } = await bootQueueApp(makeConfig(), SHUTDOWN_JOBS, [SlowHandlers]);
      await other.get(JobQueue).add(SHUTDOWN_QUEUE, 'slow', { tag: 'slow' });
      await waitUntil(() => slowLog.tagged('slow').length > 0, 10_000, 'the slow job to start');
      await other.close();
      const closedAt = Date.now();
      const [run] = slowLog.tagged('slow');
      expect(run.finishedAt).toBeDefined();
      expect(run.finishedAt! - run.at).toBeGreaterThanOrEqual(SLOW_JOB_MS - 50);
      expect(run.finishedAt).toBeLessThanOrEqual(closedAt);
    });
  });
}
