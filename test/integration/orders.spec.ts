import { describeOrdersContract } from '../support/orders.contract.js';

// Embedded defaults: two PGlite order shards, the cart in the database, embedded queues.
describeOrdersContract('embedded', () => ({ DATA_DIR: 'memory', REDIS_URL: undefined, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }));
