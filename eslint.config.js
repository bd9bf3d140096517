// ESLint flat config: typescript-eslint's recommended rules (not type-checked, so it stays fast
// and needs no tsconfig project service). `npm run lint` runs it over the whole repository.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's globals for the plain .js/.mjs files (scripts, configs); TypeScript files get no-undef
// off from typescript-eslint, the compiler checks them.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'fetch', 'AbortController', 'AbortSignal',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
    'queueMicrotask', 'structuredClone', 'performance', 'TextEncoder', 'TextDecoder', 'globalThis',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', '**/coverage/**', 'bench/results/**', '.npm/**', '.gitlab-ci-local/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    rules: {
      // Initial values before retry/poll loops are deliberate; tsc checks definite assignment.
      'no-useless-assignment': 'off',
      // New in ESLint 10's recommended set; rethrows that summarise a failure need no `cause` chain.
      'preserve-caught-error': 'off',
      // Reported but not fatal: compile-time-only helper types and `_`-prefixed parameters are intentional.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Reported but not fatal: Nest's dynamic-module and handler-registry boundaries are typed with any/Function.
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unsafe-function-type': 'warn',
    },
  },
);
