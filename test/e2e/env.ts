/** The real-server environment of this e2e run (set up by global-setup.ts), with a fresh key prefix per suite. */
export function realEnv(label: string): Record<string, string> {
  const need = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is missing: run e2e tests through jest.e2e.config.js`);
    return value;
  };
  return {
    DATA_DIR: 'memory',
    USERS_DATABASE_URL: need('SURGE_E2E_USERS_URL'),
    CATALOG_DATABASE_URL: need('SURGE_E2E_CATALOG_URL'),
    ORDERS_SHARD_URLS: need('SURGE_E2E_SHARD_URLS'),
    REDIS_URL: need('SURGE_E2E_REDIS_URL'),
    KEY_PREFIX: `${need('SURGE_E2E_RUN')}-${label}`,
  };
}
