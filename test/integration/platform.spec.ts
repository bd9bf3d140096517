import { describePlatformContract } from '../support/platform.contract.js';

// Embedded defaults: PGlite per DataSource, in-process cache, queues on embedded PostgreSQL.
describePlatformContract('embedded', () => ({ DATA_DIR: 'memory', REDIS_URL: undefined }));
