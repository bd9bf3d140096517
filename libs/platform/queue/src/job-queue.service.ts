import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobRegistry } from './job-registry.js';
import { QUEUE_DRIVER, type BullQueue, type QueueDriver } from './queue-driver.js';

export interface AddJobOptions {
  /** A job with the id of one already queued (or kept after it finished) is not added again. */
  jobId?: string;
  /** Milliseconds before the job may run. */
  delay?: number;
}

export type QueueState = 'waiting' | 'active' | 'delayed' | 'failed' | 'completed';
export const QUEUE_STATES: readonly QueueState[] = ['waiting', 'active', 'delayed', 'failed', 'completed'];
export type QueueCounts = Record<QueueState, number>;

// Finished jobs are kept a while so counts, dashboards and jobId de-duplication see them.
const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 5000 };

/** The one way to enqueue: only declared jobs, always with their declared retry policy. */
@Injectable()
export class JobQueue {
  private readonly open = new Map<string, BullQueue>();
  private closed = false;

  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    private readonly registry: JobRegistry,
  ) {}

  async add(queue: string, name: string, data: unknown, opts: AddJobOptions = {}): Promise<Job> {
    const job = this.registry.declared(queue, name);
    return this.queue(queue).add(name, data, {
      attempts: job.attempts,
      backoff: { type: 'exponential', delay: job.backoff },
      jobId: opts.jobId,
      delay: opts.delay,
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
  }

  async counts(queue: string): Promise<QueueCounts> {
    const counts = await this.queue(queue).getJobCounts(...QUEUE_STATES);
    return Object.fromEntries(QUEUE_STATES.map((state) => [state, counts[state] ?? 0])) as QueueCounts;
  }

  /** The BullMQ queue of every declared queue (for dashboards). */
  queues(): BullQueue[] {
    return this.registry.queueNames().map((name) => this.queue(name));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.open.values()].map((queue) => queue.close()));
    this.open.clear();
  }

  private queue(name: string): BullQueue {
    if (!this.registry.queueNames().includes(name)) throw new Error(`Queue ${name} has no declared jobs`);
    if (this.closed) throw new Error(`Queue ${name} is closed: the application is shutting down`);
    let queue = this.open.get(name);
    if (!queue) {
      queue = this.driver.createQueue(name);
      queue.on('error', () => undefined); // connection errors surface through health and failed adds
      this.open.set(name, queue);
    }
    return queue;
  }
}
