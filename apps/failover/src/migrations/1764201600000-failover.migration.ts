import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The failover service's state: cluster pairs as applied (the resource as read, with the status of its last check)
 * and the cluster domains this site knows, each with its fencing epoch and whether it is active.
 */
export class Failover1764201600000 implements MigrationInterface {
  name = 'Failover1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE failover_cluster_pair (
        namespace    text NOT NULL,
        name         text NOT NULL,
        api_version  text NOT NULL,
        resource     jsonb NOT NULL,
        mode         text NOT NULL CHECK (mode IN ('async', 'sync')),
        state        text NOT NULL CHECK (state IN ('Ready', 'NotReady')),
        reason       text,
        checked_at   timestamptz NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (namespace, name),
        CHECK ((state = 'Ready') = (reason IS NULL))
      )`);
    await q.query(`
      CREATE TABLE failover_domain (
        domain      text PRIMARY KEY,
        epoch       bigint NOT NULL DEFAULT 0 CHECK (epoch >= 0),
        active      boolean NOT NULL DEFAULT true,
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE failover_domain`);
    await q.query(`DROP TABLE failover_cluster_pair`);
  }
}
