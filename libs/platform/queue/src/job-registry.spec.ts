import { describe, expect, it } from '@jest/globals';
import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { JobDeclaration } from './job-declaration.js';
import { JobRegistry, JobRegistryError } from './job-registry.js';
import { OnJob } from './on-job.decorator.js';
import { QUEUE_MODULE_OPTIONS } from './queue-module-options.js';
import { QueueModule } from './queue.module.js';

@Injectable()
class MailHandlers {
  @OnJob('mail', 'welcome')
  welcome(data: unknown): string {
    return `welcome ${JSON.stringify(data)}`;
  }
}

@Injectable()
class DigestHandlers {
  @OnJob('mail', 'digest')
  digest(): void {}
}

@Injectable()
class OtherMailHandlers {
  @OnJob('mail', 'welcome')
  alsoWelcome(): void {}
}

@Injectable()
class StrayHandlers {
  @OnJob('mail', 'farewell')
  farewell(): void {}
}

const WELCOME: JobDeclaration = { queue: 'mail', name: 'welcome' };

async function boot(declarations: JobDeclaration[][], handlers: Type[], workers = true): Promise<JobRegistry> {
  const app = await Test.createTestingModule({
    imports: [DiscoveryModule, ...declarations.map((jobs) => QueueModule.forFeature({ jobs }))],
    providers: [JobRegistry, { provide: QUEUE_MODULE_OPTIONS, useValue: { workers } }, ...handlers],
  }).compile();
  await app.init();
  return app.get(JobRegistry);
}

describe('JobRegistry boot checks', () => {
  it('maps each declared job to its handler and applies default retry options', async () => {
    const registry = await boot([[WELCOME, { queue: 'mail', name: 'digest', attempts: 5, backoff: 250 }]], [MailHandlers, DigestHandlers]);
    expect(registry.queueNames()).toEqual(['mail']);
    expect(registry.declared('mail', 'welcome')).toEqual({ queue: 'mail', name: 'welcome', attempts: 3, backoff: 1000 });
    expect(registry.declared('mail', 'digest')).toEqual({ queue: 'mail', name: 'digest', attempts: 5, backoff: 250 });
    const handlers = registry.handlersOf('mail');
    expect([...handlers.keys()].sort()).toEqual(['digest', 'welcome']);
    expect(handlers.get('welcome')?.({ to: 'a' }, undefined as never)).toBe('welcome {"to":"a"}');
    expect(() => registry.declared('mail', 'nope')).toThrow(/mail\/nope is not declared/);
  });

  it('fails start-up when a declared job has no handler', async () => {
    await expect(boot([[WELCOME]], [])).rejects.toThrow(JobRegistryError);
    await expect(boot([[WELCOME]], [])).rejects.toThrow(/mail\/welcome is declared but no @OnJob handler handles it/);
  });

  it('skips the missing-handler check in an app that runs no workers', async () => {
    const registry = await boot([[WELCOME]], [], false);
    expect(registry.declared('mail', 'welcome').attempts).toBe(3);
  });

  it('fails start-up when a job has two handlers', async () => {
    await expect(boot([[WELCOME]], [MailHandlers, OtherMailHandlers])).rejects.toThrow(
      /mail\/welcome has two handlers: MailHandlers.welcome and OtherMailHandlers.alsoWelcome/,
    );
  });

  it('fails start-up when a handler names an undeclared job', async () => {
    await expect(boot([[WELCOME]], [MailHandlers, StrayHandlers])).rejects.toThrow(
      /StrayHandlers.farewell handles mail\/farewell, which no QueueModule.forFeature declares/,
    );
  });

  it('accepts the same job declared alike by two modules, refuses conflicting retry options', async () => {
    await expect(boot([[WELCOME], [WELCOME]], [MailHandlers])).resolves.toBeInstanceOf(JobRegistry);
    await expect(boot([[WELCOME], [{ ...WELCOME, attempts: 7 }]], [MailHandlers])).rejects.toThrow(/declared twice with different retry options/);
  });
});
