export { CacheModule, createCacheStore, type CacheDriver } from './cache.module.js';
export { TieredCache, type CacheLoadOptions } from './tiered-cache.js';
