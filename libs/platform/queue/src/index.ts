export { QueueModule } from './queue.module.js';
export type { QueueModuleOptions } from './queue-module-options.js';
export { OnJob } from './on-job.decorator.js';
export type { JobDeclaration } from './job-declaration.js';
export { JobRegistryError } from './job-registry.js';
export { JobQueue, QUEUE_STATES, type AddJobOptions, type QueueCounts, type QueueState } from './job-queue.service.js';
export { QueueHealthIndicator } from './queue.health-indicator.js';
export { QUEUE_DRIVER_NAMES, type QueueDriverName } from './queue-driver.js';
