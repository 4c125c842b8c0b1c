import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the failover service did for the failover saga, keyed by requestId (a repeat answers the recorded outcome),
 * and the applications protected to this site (from the migrations that finished, here or on a linked site).
 */
export class FailoverOperations1765300000000 implements MigrationInterface {
  name = 'FailoverOperations1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE failover_operation (
        request_id   text PRIMARY KEY,
        kind         text NOT NULL,
        ok           boolean NOT NULL,
        output       jsonb,
        reason       text,
        retryable    boolean NOT NULL DEFAULT false,
        finished_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (ok = (output IS NOT NULL)),
        CHECK (ok = (reason IS NULL))
      )`);
    await q.query(`
      CREATE TABLE failover_protected_application (
        namespace           text NOT NULL,
        schedule            text NOT NULL,
        cluster_pair        text NOT NULL,
        source_domain       text NOT NULL,
        destination_domain  text NOT NULL,
        namespaces          jsonb NOT NULL,
        selectors           jsonb NOT NULL,
        last_migration      text NOT NULL,
        status              text NOT NULL,
        reason              text,
        finished_at         timestamptz NOT NULL,
        taken_at            timestamptz,
        updated_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (namespace, schedule)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE failover_protected_application`);
    await q.query(`DROP TABLE failover_operation`);
  }
}
