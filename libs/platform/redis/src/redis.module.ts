import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { AppConfig } from '@surge/platform/config';

/** The shared ioredis client (undefined when REDIS_URL is unset); libs needing their own connections make them. */
export const REDIS = Symbol('REDIS');

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis | undefined,
    private readonly health: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.redis !== undefined;
  }

  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    if (!this.redis) return indicator.up({ configured: false });
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    // quit() lets pending replies arrive; disconnect() then also stops a client that is still
    // reconnecting (quit alone would leave it retrying and keep the process alive).
    if (this.redis.status === 'ready') {
      await Promise.race([this.redis.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
    }
    this.redis.disconnect();
  }
}

@Global()
@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        if (!config.redisUrl) return undefined;
        const redis = new Redis(config.redisUrl, {
          // Fail commands fast while Redis is down instead of queueing them forever.
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectionName: `surge:${config.keyPrefix}`,
        });
        redis.on('error', () => undefined); // reconnects by itself; readiness reports the outage
        // Give it a moment to connect, but start anyway: readiness tells the truth meanwhile.
        // (`once` rejects on the first 'error': an unreachable Redis must not fail start-up.)
        await Promise.race([once(redis, 'ready').catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
        return redis;
      },
    },
    RedisHealthIndicator,
    RedisLifecycle,
  ],
  exports: [REDIS, RedisHealthIndicator],
})
export class RedisModule {}
