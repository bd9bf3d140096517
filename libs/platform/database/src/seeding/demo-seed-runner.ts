import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AppConfig } from '@surge/platform/config';
import { DataSourceRegistry } from '../data-source-registry.js';
import { DEMO_SEEDER, type DemoSeeder } from './demo-seeder.js';

/**
 * Runs every @AsDemoSeeder provider once per database (recorded in surge_meta inside the same
 * transaction as the seed, so a crash mid-seed leaves nothing half-marked).
 */
@Injectable()
export class DemoSeedRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly registry: DataSourceRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoData) return;
    for (const wrapper of this.discovery.getProviders()) {
      const key = wrapper.metatype ? Reflect.getMetadata(DEMO_SEEDER, wrapper.metatype) : undefined;
      if (!key || !wrapper.instance) continue;
      await this.runOnce(key as string, wrapper.instance as DemoSeeder);
    }
  }

  async runOnce(key: string, seeder: DemoSeeder): Promise<boolean> {
    const marker = `seed:${key}`;
    const ran = await this.registry.get(seeder.database).transaction(async (manager) => {
      // The insert doubles as a lock: a second replica starting at once waits, then skips.
      const inserted = await manager.query(
        `INSERT INTO surge_meta (key, value) VALUES ($1, jsonb_build_object('at', now())) ON CONFLICT (key) DO NOTHING RETURNING key`,
        [marker],
      );
      if (inserted.length === 0) return false;
      await seeder.seed(manager);
      return true;
    });
    if (ran) this.logger.log(`seeded ${key} into ${seeder.database}`);
    return ran;
  }
}
