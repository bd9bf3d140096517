import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Job } from 'bullmq';
import { ConfigModule, type AppConfig } from '@surge/platform/config';
import type { JobDeclaration } from '../job-declaration.js';
import { OnJob } from '../on-job.decorator.js';
import { QueueModule } from '../queue.module.js';

export interface JobRun {
  name: string;
  data: unknown;
  /** 1 for the first try. */
  attempt: number;
  at: number;
  /** Set when the handler returned (the slow job). */
  finishedAt?: number;
}

/** What the contract's handlers saw, in order. */
export class JobLog {
  readonly runs: JobRun[] = [];

  tagged(tag: string): JobRun[] {
    return this.runs.filter((run) => (run.data as { tag?: string } | undefined)?.tag === tag);
  }
}

export const CONTRACT_QUEUE = 'contract';
export const COUNTS_QUEUE = 'contract-counts';
export const SHUTDOWN_QUEUE = 'contract-shutdown';
export const BACKOFF_MS = 200;
export const SLOW_JOB_MS = 1000;

export const CONTRACT_JOBS: JobDeclaration[] = [
  { queue: CONTRACT_QUEUE, name: 'record' },
  { queue: CONTRACT_QUEUE, name: 'flaky', attempts: 3, backoff: BACKOFF_MS },
  { queue: COUNTS_QUEUE, name: 'ok' },
  { queue: COUNTS_QUEUE, name: 'doomed', attempts: 1 },
];
export const SHUTDOWN_JOBS: JobDeclaration[] = [{ queue: SHUTDOWN_QUEUE, name: 'slow' }];

function record(log: JobLog, job: Job): JobRun {
  const run = { name: job.name, data: job.data, attempt: job.attemptsMade + 1, at: Date.now() };
  log.runs.push(run);
  return run;
}

@Injectable()
export class ContractHandlers {
  constructor(private readonly log: JobLog) {}

  @OnJob(CONTRACT_QUEUE, 'record')
  recordJob(_data: unknown, job: Job): void {
    record(this.log, job);
  }

  @OnJob(CONTRACT_QUEUE, 'flaky')
  flaky(_data: unknown, job: Job): string {
    const run = record(this.log, job);
    if (run.attempt < 3) throw new Error(`attempt ${run.attempt} fails on purpose`);
    return 'third time lucky';
  }

  @OnJob(COUNTS_QUEUE, 'ok')
  ok(_data: unknown, job: Job): void {
    record(this.log, job);
  }

  @OnJob(COUNTS_QUEUE, 'doomed')
  doomed(_data: unknown, job: Job): void {
    record(this.log, job);
    throw new Error('always fails');
  }
}

@Injectable()
export class SlowHandlers {
  constructor(private readonly log: JobLog) {}

  @OnJob(SHUTDOWN_QUEUE, 'slow')
  async slow(_data: unknown, job: Job): Promise<void> {
    const run = record(this.log, job);
    await new Promise((resolve) => setTimeout(resolve, SLOW_JOB_MS));
    run.finishedAt = Date.now();
  }
}

/** Boots an application context with the queue module, the given jobs and handler providers. */
export async function bootQueueApp(
  config: AppConfig,
  jobs: JobDeclaration[],
  handlers: (new (...args: never[]) => unknown)[],
  log = new JobLog(),
): Promise<{ app: TestingModule; log: JobLog }> {
  @Module({ imports: [QueueModule.forFeature({ jobs })], providers: [{ provide: JobLog, useValue: log }, ...handlers] })
  class ContractModule {}

  const app = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), QueueModule.forRootAsync(), ContractModule] }).compile();
  app.useLogger(false);
  await app.init();
  return { app, log };
}

/** Polls until `check` returns true, failing after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
