import pg from 'pg';

/**
 * Creates this run's own databases on the real PostgreSQL (users, catalog, two order shards),
 * named with a run id, and hands their URLs to the suites through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const run = `e2e_${process.pid}_${Date.now().toString(36)}`;
  const names = ['users', 'catalog', 'orders_0', 'orders_1'].map((n) => `surge_${run}_${n}`);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    for (const name of names) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = (db: string) => {
    const u = new URL(admin);
    u.pathname = `/${db}`;
    return u.toString();
  };
  process.env.SURGE_E2E_RUN = run;
  process.env.SURGE_E2E_DATABASES = names.join(',');
  process.env.SURGE_E2E_USERS_URL = url(names[0]!);
  process.env.SURGE_E2E_CATALOG_URL = url(names[1]!);
  process.env.SURGE_E2E_SHARD_URLS = [url(names[2]!), url(names[3]!)].join(',');
  process.env.SURGE_E2E_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}
