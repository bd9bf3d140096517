import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Module, type DynamicModule } from '@nestjs/common';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '@surge/platform/config';
import { TieredCache } from './tiered-cache.js';

export type CacheDriver = 'redis' | 'memory';

/** The Keyv store behind cache-manager: Redis when REDIS_URL is set, a bounded in-process LRU otherwise. */
export function createCacheStore(config: AppConfig, driver: CacheDriver = config.redisUrl ? 'redis' : 'memory'): Keyv {
  switch (driver) {
    case 'redis': {
      if (!config.redisUrl) throw new Error('The redis cache driver needs REDIS_URL');
      // Errors are swallowed: a Redis outage makes the cache miss, it does not fail requests.
      const store = new KeyvRedis(config.redisUrl, { throwOnConnectError: false, throwOnErrors: false });
      const keyv = new Keyv({ store, namespace: `${config.keyPrefix}:cache`, useKeyPrefix: false });
      // Connection errors still arrive as 'error' events, which throw when nobody listens.
      keyv.on('error', () => undefined);
      return keyv;
    }
    case 'memory':
      return new Keyv({ store: new LRUCache<string, string | object>({ max: 50_000 }), namespace: `${config.keyPrefix}:cache` });
    default:
      throw new Error(`Unknown cache driver ${String(driver)}`);
  }
}

/**
 * For every module: cache-manager (`CACHE_MANAGER`) on the store the configuration picks, and
 * `TieredCache` (L1 in-process, L2 on the shared `REDIS` client when RedisModule provides one).
 */
@Module({})
export class CacheModule {
  static forRootAsync(): DynamicModule {
    return {
      module: CacheModule,
      global: true,
      imports: [
        NestCacheModule.registerAsync({
          isGlobal: true,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ stores: [createCacheStore(config)], ttl: 60_000 }),
        }),
      ],
      providers: [TieredCache],
      exports: [TieredCache],
    };
  }
}
