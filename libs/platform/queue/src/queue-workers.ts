import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { runWithRequestId } from '@surge/platform/observability';
import { JobRegistry } from './job-registry.js';
import { QUEUE_DRIVER, type BullWorker, type QueueDriver } from './queue-driver.js';
import { QUEUE_MODULE_OPTIONS, type QueueModuleOptions } from './queue-module-options.js';
import { jobAttemptsCounter } from './queue.metrics.js';

/** One BullMQ worker per queue with handlers, dispatching each job to its @OnJob method by name. */
@Injectable()
export class QueueWorkers {
  private readonly logger = new Logger('QueueWorkers');
  private workers: BullWorker[] = [];

  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    @Inject(QUEUE_MODULE_OPTIONS) private readonly options: QueueModuleOptions,
    private readonly registry: JobRegistry,
  ) {}

  get running(): boolean {
    return this.workers.length > 0;
  }

  start(): void {
    const attempts = jobAttemptsCounter();
    for (const queue of this.registry.queueNames()) {
      const handlers = this.registry.handlersOf(queue);
      if (handlers.size === 0) continue;
      const worker = this.driver.createWorker(
        queue,
        async (job: Job) => {
          const handler = handlers.get(job.name);
          // Only a producer newer than this worker can enqueue a name it does not know.
          if (!handler) throw new Error(`No handler for job ${queue}/${job.name} in this worker`);
          // Jobs carrying the id of the request that caused them log under it.
          const reqId = typeof job.data?.requestId === 'string' ? (job.data.requestId as string) : undefined;
          return runWithRequestId(reqId, () => handler(job.data, job));
        },
        { concurrency: this.options.concurrency },
      );
      worker.on('completed', (job) => attempts.inc({ queue, name: job.name, outcome: 'completed' }));
      worker.on('failed', (job, error) => {
        attempts.inc({ queue, name: job?.name ?? 'unknown', outcome: 'failed' });
        this.logger.warn(`Job ${queue}/${job?.name} ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`);
      });
      worker.on('error', (error) => this.logger.error(`Worker ${queue}: ${error.message}`));
      this.workers.push(worker);
    }
  }

  /**
   * Stops taking jobs and waits for the ones in flight, at most `timeoutMs`; a job still running then
   * is left to BullMQ's stalled-job recovery (another worker retries it once its lock expires).
   */
  async close(timeoutMs: number): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const closed = Promise.allSettled(workers.map((worker) => worker.close())).then(() => 'closed' as const);
    const outcome = await Promise.race([closed, deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn(`Workers still busy after ${timeoutMs} ms: leaving in-flight jobs to be retried`);
  }
}
