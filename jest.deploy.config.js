import { base } from './jest.config.base.js';

// `npm run test:deploy`: replays the Dockerfile's build and runtime steps in a temporary directory
// and boots every app from the production-only install against real PostgreSQL and Redis
// (TEST_DATABASE_URL, TEST_REDIS_URL; defaults 127.0.0.1). The suite creates and drops its own databases.
export default {
  ...base,
  testMatch: ['<rootDir>/test/deploy/**/*.deploy-spec.ts'],
  maxWorkers: 1,
  testTimeout: 60000,
};
