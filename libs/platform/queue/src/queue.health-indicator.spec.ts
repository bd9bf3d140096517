import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { QueueDriver } from './queue-driver.js';
import type { QueueWorkers } from './queue-workers.js';
import { QueueHealthIndicator } from './queue.health-indicator.js';

function indicator(driver: Partial<QueueDriver>, running = false): QueueHealthIndicator {
  return new QueueHealthIndicator(driver as QueueDriver, { running } as QueueWorkers, new HealthIndicatorService());
}

describe('QueueHealthIndicator', () => {
  it('is up with the driver name and whether workers run when the backend answers', async () => {
    const result = await indicator({ name: 'embedded', ping: async () => undefined }, true).check('jobs');
    expect(result).toEqual({ jobs: { status: 'up', driver: 'embedded', workers: true } });
  });

  it('is down when the ping fails', async () => {
    const result = await indicator({ name: 'embedded', ping: async () => Promise.reject(new Error('connection refused')) }).check();
    expect(result).toEqual({ queue: { status: 'down', driver: 'embedded', workers: false, message: 'connection refused' } });
  });

  it('is down within about a second when the backend never answers', async () => {
    const started = Date.now();
    const result = await indicator({ name: 'redis', ping: () => new Promise<void>(() => undefined) }).check();
    expect(result).toEqual({ queue: { status: 'down', driver: 'redis', workers: false, message: 'no answer within 1000 ms' } });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
