import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { DEFAULT_JOB_ATTEMPTS, DEFAULT_JOB_BACKOFF_MS, JobDeclarations, jobKey, type DeclaredJob } from './job-declaration.js';
import { ON_JOB_METADATA, type OnJobMetadata } from './on-job.decorator.js';
import { QUEUE_MODULE_OPTIONS, type QueueModuleOptions } from './queue-module-options.js';

const VALID_NAME = /^[\w.-]{1,100}$/;

export type JobHandler = (data: unknown, job: Job) => unknown;

/** Start-up refused because declared jobs and @OnJob handlers do not match. */
export class JobRegistryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Queue jobs are misconfigured:\n  - ${problems.join('\n  - ')}`);
    this.name = 'JobRegistryError';
  }
}

/**
 * Every declared job (from `QueueModule.forFeature`) and its @OnJob handler, checked once at start-up:
 * a declared job without a handler (when this app runs workers), a job with two handlers, or a handler
 * for an undeclared job fails the boot instead of leaving jobs to pile up unprocessed.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private jobs?: Map<string, DeclaredJob>;
  private handlers = new Map<string, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(QUEUE_MODULE_OPTIONS) private readonly options: QueueModuleOptions,
  ) {}

  onModuleInit(): void {
    this.load();
  }

  /** The declaration of a job; throws for a job nobody declared. */
  declared(queue: string, name: string): DeclaredJob {
    const job = this.load().get(jobKey(queue, name));
    if (!job) throw new Error(`Job ${jobKey(queue, name)} is not declared: add it to QueueModule.forFeature({ jobs })`);
    return job;
  }

  /** Every queue some declared job lives on. */
  queueNames(): string[] {
    return [...new Set([...this.load().values()].map((job) => job.queue))];
  }

  /** The handlers of one queue, by job name. */
  handlersOf(queue: string): Map<string, JobHandler> {
    this.load();
    const prefix = jobKey(queue, '');
    return new Map([...this.handlers].filter(([key]) => key.startsWith(prefix)).map(([key, fn]) => [key.slice(prefix.length), fn]));
  }

  private load(): Map<string, DeclaredJob> {
    if (this.jobs) return this.jobs;
    const problems: string[] = [];
    const jobs = this.collectDeclarations(problems);
    const owners = new Map<string, string>();
    const handlers = new Map<string, JobHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const meta = this.reflector.get<OnJobMetadata | undefined>(ON_JOB_METADATA, fn as () => unknown);
        if (!meta) continue;
        const key = jobKey(meta.queue, meta.name);
        const owner = `${instance.constructor.name}.${method}`;
        if (!jobs.has(key)) problems.push(`${owner} handles ${key}, which no QueueModule.forFeature declares`);
        else if (owners.has(key)) problems.push(`${key} has two handlers: ${owners.get(key)} and ${owner}`);
        else {
          owners.set(key, owner);
          handlers.set(key, (fn as JobHandler).bind(instance));
        }
      }
    }
    if (this.options.workers !== false) {
      for (const key of jobs.keys()) if (!owners.has(key)) problems.push(`${key} is declared but no @OnJob handler handles it`);
    }
    if (problems.length > 0) throw new JobRegistryError(problems);
    this.handlers = handlers;
    this.jobs = jobs;
    return jobs;
  }

  private collectDeclarations(problems: string[]): Map<string, DeclaredJob> {
    const jobs = new Map<string, DeclaredJob>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!(wrapper.instance instanceof JobDeclarations)) continue;
      for (const { queue, name, attempts, backoff } of wrapper.instance.jobs) {
        const job = { queue, name, attempts: attempts ?? DEFAULT_JOB_ATTEMPTS, backoff: backoff ?? DEFAULT_JOB_BACKOFF_MS };
        const key = jobKey(queue, name);
        if (!VALID_NAME.test(queue) || !VALID_NAME.test(name)) problems.push(`${key}: queue and job names take letters, digits, _, . or -`);
        const seen = jobs.get(key);
        if (seen && (seen.attempts !== job.attempts || seen.backoff !== job.backoff)) {
          problems.push(`${key} is declared twice with different retry options`);
        }
        jobs.set(key, job);
      }
    }
    return jobs;
  }
}
