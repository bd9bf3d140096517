import { base } from './jest.config.base.js';

// `npm run test:e2e`: the same behaviour against real PostgreSQL and Redis.
export default {
  ...base,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 60000,
};
