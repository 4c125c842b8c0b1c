import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the failover service observes of each cluster domain, for its status: the agents heard (last heartbeat and
 * the epoch each holds), the newest round-trip measurement, and the migrations to the domain (running or how they
 * ended).
 */
export class FailoverDomainStatus1764900000000 implements MigrationInterface {
  name = 'FailoverDomainStatus1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE failover_domain_agent (
        domain             text NOT NULL,
        node               text NOT NULL,
        version            text NOT NULL,
        epoch              bigint NOT NULL CHECK (epoch >= 0),
        last_heartbeat_at  timestamptz NOT NULL,
        PRIMARY KEY (domain, node)
      )`);
    await q.query(`
      CREATE TABLE failover_domain_latency (
        domain        text PRIMARY KEY,
        node          text NOT NULL,
        peer_domain   text NOT NULL,
        samples       integer NOT NULL,
        lost          integer NOT NULL,
        min_ms        double precision,
        avg_ms        double precision,
        max_ms        double precision,
        mdev_ms       double precision,
        measured_at   timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE failover_domain_migration (
        namespace                 text NOT NULL,
        migration                 text NOT NULL,
        domain                    text NOT NULL,
        status                    text NOT NULL CHECK (status IN ('InProgress', 'Successful', 'PartialSuccess', 'Failed')),
        requested_at              timestamptz NOT NULL,
        finished_at               timestamptz,
        recovery_point_committed_at timestamptz,
        PRIMARY KEY (namespace, migration)
      )`);
    await q.query(`CREATE INDEX failover_domain_migration_by_domain ON failover_domain_migration (domain, requested_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE failover_domain_migration`);
    await q.query(`DROP TABLE failover_domain_latency`);
    await q.query(`DROP TABLE failover_domain_agent`);
  }
}
