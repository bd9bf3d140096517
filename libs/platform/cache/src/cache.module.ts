import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Module, type DynamicModule } from '@nestjs/common';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '@surge/platform/config';

export type CacheDriver = 'redis' | 'memory';

/** The Keyv store behind cache-manager: Redis when REDIS_URL is set, a bounded in-process LRU otherwise. */
export function createCacheStore(config: AppConfig, driver: CacheDriver = config.redisUrl ? 'redis' : 'memory'): Keyv {
  switch (driver) {
    case 'redis': {
      if (!config.redisUrl) throw new Error('The redis cache driver needs REDIS_URL');
      // Errors are swallowed: a Redis outage makes the cache miss, it does not fail requests.
      const store = new KeyvRedis(config.redisUrl, { throwOnConnectError: false, throwOnErrors: false });
      return new Keyv({ store, namespace: `${config.keyPrefix}:cache`, useKeyPrefix: false });
    }
    case 'memory':
      return new Keyv({ store: new LRUCache<string, string | object>({ max: 50_000 }), namespace: `${config.keyPrefix}:cache` });
    default:
      throw new Error(`Unknown cache driver ${String(driver)}`);
  }
}

/** cache-manager (`CACHE_MANAGER`) for every module, on the store the configuration picks. */
@Module({})
export class CacheModule {
  static forRootAsync(): DynamicModule {
    return {
      module: CacheModule,
      imports: [
        NestCacheModule.registerAsync({
          isGlobal: true,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ stores: [createCacheStore(config)], ttl: 60_000 }),
        }),
      ],
    };
  }
}
