import { base } from './jest.config.base.js';

// `npm test`: unit specs beside the source, integration suites on the embedded defaults, and the
// static checks of the deployment files (test/deploy/*.spec.ts; the boot test is npm run test:deploy).
export default {
  ...base,
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/integration/**/*.spec.ts', '<rootDir>/test/deploy/**/*.spec.ts'],
};
