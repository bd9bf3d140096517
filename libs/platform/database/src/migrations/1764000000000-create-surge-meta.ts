import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Platform bookkeeping present in every database: one-time seeds and other markers. */
export class CreateSurgeMeta1764000000000 implements MigrationInterface {
  name = 'CreateSurgeMeta1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE surge_meta (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE surge_meta');
  }
}
