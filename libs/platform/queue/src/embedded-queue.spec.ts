import { loadConfig } from '@surge/platform/config';
import { describeQueueDriverContract } from './testing/queue-driver.contract.js';

// The embedded PostgreSQL backend, in memory: what `npm start` uses on a machine with no servers.
describeQueueDriverContract('embedded', () => loadConfig({ DATA_DIR: 'memory', KEY_PREFIX: `queue-spec-${process.pid}` }));
