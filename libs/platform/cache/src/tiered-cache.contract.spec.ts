import { afterAll, beforeAll } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@surge/platform/config';
import { CacheModule } from './cache.module.js';
import { TieredCache } from './tiered-cache.js';
import { describeTieredCacheContract } from './testing/tiered-cache.contract.js';

// L1 only (no REDIS_URL): the same contract test/e2e/tiered-cache.e2e-spec.ts runs with Redis.
let moduleRef: TestingModule;

beforeAll(async () => {
  moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig({ DATA_DIR: 'memory', KEY_PREFIX: 'unit-cache' })), CacheModule.forRootAsync()],
  }).compile();
  await moduleRef.init();
});

afterAll(async () => {
  await moduleRef.close();
});

let n = 0;
describeTieredCacheContract(
  'L1 only',
  () => moduleRef.get(TieredCache),
  (name) => `${name}-${++n}`,
);
