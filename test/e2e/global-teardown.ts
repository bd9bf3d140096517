import pg from 'pg';
import { Redis } from 'ioredis';

/** Drops this run's databases and Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    for (const name of (process.env.SURGE_E2E_DATABASES ?? '').split(',').filter(Boolean)) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
  const redis = new Redis(process.env.SURGE_E2E_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const run = process.env.SURGE_E2E_RUN ?? '';
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${run}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
