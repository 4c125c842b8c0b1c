import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The migration service's runs, one per `requestId` (the idempotency key of the protect path's commands): what was
 * asked (`kind`: prepare-destination-volumes or migrate-resources), how it ended, the answer sent (without the
 * sagaRef, which each command brings), and the status of each resource and of each volume. A run that failed in a
 * way that trying again may fix (`outcome` retryable-failure) is tried again by the next command with its requestId;
 * every other outcome is answered again as recorded.
 */
export class Migration1764115500000 implements MigrationInterface {
  name = 'Migration1764115500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE migration_run (
        request_id    text PRIMARY KEY,
        kind          text NOT NULL CHECK (kind IN ('prepare-destination-volumes', 'migrate-resources')),
        outcome       text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'retryable-failure')),
        migration     text,
        cluster_pair  jsonb NOT NULL,
        answer        jsonb NOT NULL,
        resources     jsonb NOT NULL DEFAULT '[]'::jsonb,
        volumes       jsonb NOT NULL DEFAULT '[]'::jsonb,
        attempts      integer NOT NULL DEFAULT 1 CHECK (attempts >= 1),
        created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at    timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX migration_run_by_migration ON migration_run (migration) WHERE migration IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE migration_run`);
  }
}
