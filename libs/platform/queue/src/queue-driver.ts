import type { JobProgress, Processor, Queue, Worker } from 'bullmq';

/** A BullMQ queue or worker on whichever backend the driver uses. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- job payloads are typed by callers later
export type BullQueue = Queue<any, any, string, any, any, string, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BullWorker = Worker<any, any, string, any, JobProgress, any>;

/** The backends the queue lib can run on; picked once from config by `createQueueDriver`. */
export const QUEUE_DRIVER_NAMES = ['redis', 'embedded'] as const;
export type QueueDriverName = (typeof QUEUE_DRIVER_NAMES)[number];

export interface QueueWorkerOptions {
  concurrency?: number;
}

/**
 * One BullMQ backend behind the same Queue/Worker API. Drivers own their connections:
 * `start` opens them, `stop` closes them after every queue and worker made here is closed.
 */
export interface QueueDriver {
  readonly name: QueueDriverName;
  start(): Promise<void>;
  stop(): Promise<void>;
  createQueue(name: string): BullQueue;
  createWorker(name: string, processor: Processor, opts?: QueueWorkerOptions): BullWorker;
  /** Resolves when the backend answers a trivial command; rejects otherwise. */
  ping(): Promise<void>;
}

/** The DI token for the running QueueDriver. */
export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
