import { afterAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { AsDemoSeeder, DataSourceRegistry, type DemoSeeder } from '@surge/platform/database';
import { createTestApp } from '../support/test-app.js';

let seedRuns = 0;

@Injectable()
@AsDemoSeeder('test-demo')
class CountingSeeder implements DemoSeeder {
  readonly database = 'catalog';

  async seed(manager: EntityManager): Promise<void> {
    seedRuns += 1;
    await manager.query(`INSERT INTO surge_meta (key, value) VALUES ('demo-row', '{"n": 1}')`);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'surge-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('embedded data under DATA_DIR', () => {
  it('survives a restart, and demo seeding runs on the first start only', async () => {
    const first = await createTestApp({ DATA_DIR: dataDir }, { providers: [CountingSeeder] });
    const catalog = first.app.get(DataSourceRegistry).get('catalog');
    await catalog.query(`INSERT INTO surge_meta (key, value) VALUES ('kept', '{"v": 42}')`);
    await first.app.close();
    expect(seedRuns).toBe(1);

    const second = await createTestApp({ DATA_DIR: dataDir }, { providers: [CountingSeeder] });
    try {
      const rows = await second.app.get(DataSourceRegistry).get('catalog').query(`SELECT key, value FROM surge_meta ORDER BY key`);
      expect(rows).toEqual(
        expect.arrayContaining([
          { key: 'kept', value: { v: 42 } },
          { key: 'demo-row', value: { n: 1 } },
          { key: 'seed:test-demo', value: expect.any(Object) },
        ]),
      );
      expect(seedRuns).toBe(1);
    } finally {
      await second.app.close();
    }
  }, 90_000);

  it('keeps databases apart: a write to one shard is not visible in another', async () => {
    const t = await createTestApp({ DATA_DIR: 'memory' });
    try {
      const registry = t.app.get(DataSourceRegistry);
      await registry.get('orders_0').query(`INSERT INTO surge_meta (key, value) VALUES ('only-0', '1')`);
      expect(await registry.get('orders_1').query(`SELECT * FROM surge_meta WHERE key = 'only-0'`)).toEqual([]);
      expect(await registry.get('orders_0').query(`SELECT key FROM surge_meta WHERE key = 'only-0'`)).toEqual([{ key: 'only-0' }]);
    } finally {
      await t.app.close();
    }
  }, 60_000);
});
