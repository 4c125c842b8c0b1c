import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replication service's state:
 * - a restore on the destination (`replication_restore_request`, one per RestoreOnDestination requestId) and its
 *   fan-out to the destination's agents (`replication_restore`, one row per volume, keyed by the agent request id
 *   it was sent with, so each agent answer finds its row);
 * - committed recovery points (`replication_recovery_point`, one per migration) and, per application (a migration
 *   schedule), its newest one and the newest one an RPO alert was sent for (`replication_application`).
 */
export class Replication1764115600000 implements MigrationInterface {
  name = 'Replication1764115600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE replication_restore_request (
        request_id          text PRIMARY KEY,
        command_id          text NOT NULL,
        saga_ref            jsonb,
        destination_domain  text NOT NULL,
        state               text NOT NULL CHECK (state IN ('Running', 'Succeeded', 'Failed')),
        answer              jsonb,
        created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at         timestamptz,
        CHECK ((state = 'Running') = (answer IS NULL))
      )`);
    await q.query(`
      CREATE TABLE replication_restore (
        request_id         text NOT NULL REFERENCES replication_restore_request (request_id) ON DELETE CASCADE,
        idx                integer NOT NULL CHECK (idx >= 0),
        agent_request_id   text NOT NULL UNIQUE,
        claim              jsonb NOT NULL,
        volume             text NOT NULL,
        target_volume      text NOT NULL,
        recovery_point_id  text NOT NULL,
        status             text NOT NULL CHECK (status IN ('Running', 'Succeeded', 'Failed')),
        result             jsonb,
        updated_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (request_id, idx)
      )`);
    await q.query(`
      CREATE TABLE replication_recovery_point (
        namespace          text NOT NULL,
        migration          text NOT NULL,
        schedule           text NOT NULL,
        cluster_pair       text NOT NULL,
        group_snapshot_id  text,
        taken_at           timestamptz NOT NULL,
        interval_seconds   integer CHECK (interval_seconds > 0),
        volumes            jsonb NOT NULL,
        request_id         text NOT NULL,
        committed_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (namespace, migration)
      )`);
    await q.query(`CREATE INDEX replication_recovery_point_by_app ON replication_recovery_point (namespace, schedule, taken_at DESC)`);
    await q.query(`
      CREATE TABLE replication_application (
        namespace          text NOT NULL,
        schedule           text NOT NULL,
        cluster_pair       text NOT NULL,
        newest_migration   text NOT NULL,
        newest_taken_at    timestamptz NOT NULL,
        interval_seconds   integer CHECK (interval_seconds > 0),
        alerted_migration  text,
        alerted_at         timestamptz,
        PRIMARY KEY (namespace, schedule)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE replication_application`);
    await q.query(`DROP TABLE replication_recovery_point`);
    await q.query(`DROP TABLE replication_restore`);
    await q.query(`DROP TABLE replication_restore_request`);
  }
}
