import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '@surge/platform/config';
import { createQueueDriver } from './drivers/create-queue-driver.js';
import { JobDeclarations, jobKey, type JobDeclaration } from './job-declaration.js';
import { JobQueue } from './job-queue.service.js';
import { JobRegistry } from './job-registry.js';
import { QUEUE_DRIVER } from './queue-driver.js';
import { QUEUE_MODULE_OPTIONS, type QueueModuleOptions } from './queue-module-options.js';
import { QueueWorkers } from './queue-workers.js';
import { QueueHealthIndicator } from './queue.health-indicator.js';
import { QueueLifecycle } from './queue.lifecycle.js';

@Module({})
class QueueFeatureModule {}

/**
 * Background jobs on BullMQ. `forRootAsync` once per app picks the backend from config;
 * `forFeature` in each module declares the jobs it enqueues or handles.
 */
@Module({})
export class QueueModule {
  static forRootAsync(options: QueueModuleOptions = {}): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [DiscoveryModule, TerminusModule],
      providers: [
        { provide: QUEUE_MODULE_OPTIONS, useValue: options },
        {
          provide: QUEUE_DRIVER,
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            const driver = await createQueueDriver(config, options.driver);
            await driver.start();
            return driver;
          },
        },
        JobRegistry,
        JobQueue,
        QueueWorkers,
        QueueHealthIndicator,
        QueueLifecycle,
      ],
      exports: [JobQueue, QueueHealthIndicator],
    };
  }

  /** Declares jobs with their retry defaults; every declared job needs one @OnJob handler where workers run. */
  static forFeature(feature: { jobs: JobDeclaration[] }): DynamicModule {
    const token = `surge:queue:jobs:${feature.jobs.map((job) => jobKey(job.queue, job.name)).join(',')}`;
    return { module: QueueFeatureModule, providers: [{ provide: token, useValue: new JobDeclarations(feature.jobs) }] };
  }
}
