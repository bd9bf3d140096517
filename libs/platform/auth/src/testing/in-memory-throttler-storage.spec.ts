import { InMemoryThrottlerStorage } from '../throttling/in-memory-throttler.storage.js';
import { describeThrottlerStorageContract } from './throttler-storage.contract.js';

// The driver used without REDIS_URL; the Redis driver runs the same suite in test/e2e.
describeThrottlerStorageContract('in-memory', () => new InMemoryThrottlerStorage(), (name) => name);
