import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@surge/platform/config';
import { JobQueue } from './job-queue.service.js';
import { JobRegistry } from './job-registry.js';
import { QUEUE_DRIVER, type QueueDriver } from './queue-driver.js';
import { QUEUE_MODULE_OPTIONS, type QueueModuleOptions } from './queue-module-options.js';
import { QueueWorkers } from './queue-workers.js';
import { reportQueueDepths } from './queue.metrics.js';

/**
 * Start: workers once every module is initialised. Stop: workers first, in the earliest shutdown hook
 * (their jobs may still use other modules' pools), then queues and the driver in the last one.
 */
@Injectable()
export class QueueLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private stopReporting?: () => void;

  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    @Inject(QUEUE_MODULE_OPTIONS) private readonly options: QueueModuleOptions,
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly jobQueue: JobQueue,
    private readonly workers: QueueWorkers,
  ) {}

  onApplicationBootstrap(): void {
    this.stopReporting = reportQueueDepths({ queueNames: () => this.registry.queueNames(), counts: (queue) => this.jobQueue.counts(queue) });
    if (this.options.workers !== false) this.workers.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopReporting?.();
    await this.workers.close(this.config.shutdownTimeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobQueue.close();
    await this.driver.stop();
  }
}
