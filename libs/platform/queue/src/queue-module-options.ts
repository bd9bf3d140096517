export interface QueueModuleOptions {
  /** Run workers for the declared jobs in this app (default true); a gateway only enqueues. */
  workers?: boolean;
  /** Override the driver the config implies (`redis` with REDIS_URL, `embedded` otherwise). */
  driver?: string;
  /** Jobs one worker runs at once, per queue (default 1). */
  concurrency?: number;
}

export const QUEUE_MODULE_OPTIONS = Symbol('QUEUE_MODULE_OPTIONS');
