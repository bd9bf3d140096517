/** A job a module promises to enqueue or handle, with the retry policy every `add` gets by default. */
export interface JobDeclaration {
  queue: string;
  name: string;
  /** Total tries, the first included (default 3). */
  attempts?: number;
  /** Exponential backoff: the first retry waits `backoff` ms, then doubles (default 1000). */
  backoff?: number;
}

/** The resolved form the registry keeps. */
export interface DeclaredJob {
  queue: string;
  name: string;
  attempts: number;
  backoff: number;
}

export const DEFAULT_JOB_ATTEMPTS = 3;
export const DEFAULT_JOB_BACKOFF_MS = 1000;

/** What `QueueModule.forFeature` provides; the registry collects every instance by discovery. */
export class JobDeclarations {
  constructor(readonly jobs: readonly JobDeclaration[]) {}
}

export function jobKey(queue: string, name: string): string {
  return `${queue}/${name}`;
}
