export { CacheModule, createCacheStore, type CacheDriver } from './cache.module.js';
