import { describeUsersContract } from '../support/users.contract.js';

// Embedded defaults: PGlite users database, in-process rate-limit counters.
describeUsersContract('embedded', () => ({ DATA_DIR: 'memory', REDIS_URL: undefined }));
