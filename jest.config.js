import { base } from './jest.config.base.js';

// `npm test`: unit specs beside the source and integration suites on the embedded defaults.
export default {
  ...base,
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/integration/**/*.spec.ts'],
};
