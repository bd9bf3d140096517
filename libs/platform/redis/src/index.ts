export { REDIS, RedisHealthIndicator, RedisModule } from './redis.module.js';
