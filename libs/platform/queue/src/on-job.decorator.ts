import { SetMetadata } from '@nestjs/common';

export const ON_JOB_METADATA = 'surge:queue:on-job';

export interface OnJobMetadata {
  queue: string;
  name: string;
}

/**
 * Marks a provider method as the handler of one declared job. It is called with the job's data and
 * the BullMQ job; throwing fails the attempt (the job is retried per its declaration).
 */
export function OnJob(queue: string, name: string): MethodDecorator {
  return SetMetadata<string, OnJobMetadata>(ON_JOB_METADATA, { queue, name });
}
