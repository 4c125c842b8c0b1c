import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Runs of `activate-applications` (the failover saga's last step) are kept in `migration_run` too, with the same
 * once-per-requestId rule; they have no ClusterPair.
 */
export class MigrationActivations1764152400000 implements MigrationInterface {
  name = 'MigrationActivations1764152400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE migration_run DROP CONSTRAINT migration_run_kind_check`);
    await q.query(
      `ALTER TABLE migration_run ADD CONSTRAINT migration_run_kind_check CHECK (kind IN ('prepare-destination-volumes', 'migrate-resources', 'activate-applications'))`,
    );
    await q.query(`ALTER TABLE migration_run ALTER COLUMN cluster_pair DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM migration_run WHERE kind = 'activate-applications'`);
    await q.query(`ALTER TABLE migration_run ALTER COLUMN cluster_pair SET NOT NULL`);
    await q.query(`ALTER TABLE migration_run DROP CONSTRAINT migration_run_kind_check`);
    await q.query(`ALTER TABLE migration_run ADD CONSTRAINT migration_run_kind_check CHECK (kind IN ('prepare-destination-volumes', 'migrate-resources'))`);
  }
}
