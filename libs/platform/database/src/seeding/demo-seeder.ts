import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export const DEMO_SEEDER = Symbol('surge:demo-seeder');

/** A provider that loads demo data into one logical database on the first dev-mode start. */
export interface DemoSeeder {
  /** Which DataSource the seeder writes to (e.g. `catalog`); it seeds inside one transaction. */
  readonly database: string;
  seed(manager: EntityManager): Promise<void>;
}

/** Marks a provider as a DemoSeeder; `key` names its run in surge_meta so it runs once. */
export const AsDemoSeeder = (key: string): ClassDecorator => SetMetadata(DEMO_SEEDER, key);
