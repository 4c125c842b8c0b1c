import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The snapshot service's state: the Rules it keeps (as validated, per namespace and name), and the outcome of each
 * group snapshot request, keyed by its requestId so that the same request is answered again, never run again.
 */
export class Snapshot1764115700000 implements MigrationInterface {
  name = 'Snapshot1764115700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE snapshot_rule (
        namespace    text NOT NULL,
        name         text NOT NULL,
        api_version  text NOT NULL,
        rule         jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (namespace, name)
      )`);
    await q.query(`
      CREATE TABLE snapshot_run (
        request_id   text PRIMARY KEY,
        outcome      text NOT NULL CHECK (outcome IN ('taken', 'failed')),
        answer       jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE snapshot_run`);
    await q.query(`DROP TABLE snapshot_rule`);
  }
}
