import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { QUEUE_DRIVER, type QueueDriver } from './queue-driver.js';
import { QueueWorkers } from './queue-workers.js';

const PING_TIMEOUT_MS = 1000;

/** Readiness of the queue backend: up when it answers within a second. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    private readonly workers: QueueWorkers,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'queue'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const details = { driver: this.driver.name, workers: this.workers.running };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.driver.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS))),
      ]);
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ ...details, message: error instanceof Error ? error.message : 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
  }
}
