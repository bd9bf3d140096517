import { join } from 'node:path';
import type { AppConfig } from '@surge/platform/config';
import { QUEUE_DRIVER_NAMES, type QueueDriver, type QueueDriverName } from '../queue-driver.js';
import { RedisQueueDriver } from './redis.queue-driver.js';

/** `redis` when REDIS_URL is set, otherwise the embedded PostgreSQL backend. */
export function defaultQueueDriverName(config: AppConfig): QueueDriverName {
  return config.redisUrl ? 'redis' : 'embedded';
}

/**
 * Builds (does not start) the driver; refuses names it does not know and redis without a URL.
 * The embedded driver is loaded only when chosen, so Redis deployments never load PGlite.
 */
export async function createQueueDriver(config: AppConfig, driver: string = defaultQueueDriverName(config)): Promise<QueueDriver> {
  switch (driver as QueueDriverName) {
    case 'redis':
      if (!config.redisUrl) throw new Error('The redis queue driver needs REDIS_URL');
      return new RedisQueueDriver(config.redisUrl, `${config.keyPrefix}:bull`);
    case 'embedded': {
      const { EmbeddedPostgresQueueDriver } = await import('./embedded-postgres.queue-driver.js');
      return new EmbeddedPostgresQueueDriver(config.inMemory ? undefined : join(config.dataDir, 'pglite', 'queue'));
    }
    default:
      throw new Error(`Unknown queue driver ${JSON.stringify(driver)}: expected one of ${QUEUE_DRIVER_NAMES.join(', ')}`);
  }
}
