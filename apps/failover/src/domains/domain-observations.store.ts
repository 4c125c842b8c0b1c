import type { DataOf, LatencyMeasured } from '@tandem/contracts';
import type { AgentHeartbeat } from '@tandem/contracts';
import type { Sql } from '../pairs/cluster-pairs.store';

export interface AgentSeen {
  node: string;
  version: string;
  epoch: number;
  lastHeartbeatAt: Date;
}

export interface LatencySeen {
  node: string;
  peerDomain: string;
  samples: number;
  lost: number;
  minMs?: number;
  avgMs?: number;
  maxMs?: number;
  mdevMs?: number;
  at: Date;
}

export type MigrationState = 'InProgress' | 'Successful' | 'PartialSuccess' | 'Failed';

export interface DomainMigrations {
  last?: { namespace: string; migration: string; status: MigrationState; requestedAt: Date; finishedAt?: Date };
  running: number;
  lastRecoveryPointAt?: Date;
}

/** Records an agent's heartbeat; an older beat arriving late changes nothing. The domain becomes known. */
export async function recordHeartbeat(db: Sql, beat: DataOf<typeof AgentHeartbeat>): Promise<void> {
  await db.query(`INSERT INTO failover_domain (domain) VALUES ($1) ON CONFLICT (domain) DO NOTHING`, [beat.domain]);
  await db.query(
    `INSERT INTO failover_domain_agent (domain, node, version, epoch, last_heartbeat_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (domain, node) DO UPDATE SET version = EXCLUDED.version, epoch = EXCLUDED.epoch, last_heartbeat_at = EXCLUDED.last_heartbeat_at
     WHERE failover_domain_agent.last_heartbeat_at <= EXCLUDED.last_heartbeat_at`,
    [beat.domain, beat.node, beat.version, beat.epoch, beat.at],
  );
}

/** Keeps the newest round-trip measurement of a domain (any of its agents). */
export async function recordLatency(db: Sql, m: DataOf<typeof LatencyMeasured>): Promise<void> {
  await db.query(
    `INSERT INTO failover_domain_latency (domain, node, peer_domain, samples, lost, min_ms, avg_ms, max_ms, mdev_ms, measured_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (domain) DO UPDATE SET node = EXCLUDED.node, peer_domain = EXCLUDED.peer_domain, samples = EXCLUDED.samples,
       lost = EXCLUDED.lost, min_ms = EXCLUDED.min_ms, avg_ms = EXCLUDED.avg_ms, max_ms = EXCLUDED.max_ms, mdev_ms = EXCLUDED.mdev_ms,
       measured_at = EXCLUDED.measured_at
     WHERE failover_domain_latency.measured_at <= EXCLUDED.measured_at`,
    [m.domain, m.node, m.peerDomain, m.samples, m.lost, m.minMs ?? null, m.avgMs ?? null, m.maxMs ?? null, m.mdevMs ?? null, m.at],
  );
}

/** A migration to `domain` started (once per migration; a repeat changes nothing). */
export async function recordMigrationRequested(db: Sql, ref: { namespace: string; migration: string }, domain: string, requestedAt: string): Promise<void> {
  await db.query(`INSERT INTO failover_domain (domain) VALUES ($1) ON CONFLICT (domain) DO NOTHING`, [domain]);
  await db.query(
    `INSERT INTO failover_domain_migration (namespace, migration, domain, status, requested_at) VALUES ($1, $2, $3, 'InProgress', $4)
     ON CONFLICT (namespace, migration) DO NOTHING`,
    [ref.namespace, ref.migration, domain, requestedAt],
  );
}

/** How a migration ended; one this service never saw requested (not to a known domain) is passed over. */
export async function recordMigrationFinished(db: Sql, ref: { namespace: string; migration: string }, status: Exclude<MigrationState, 'InProgress'>, finishedAt: string): Promise<void> {
  await db.query(`UPDATE failover_domain_migration SET status = $3, finished_at = $4 WHERE namespace = $1 AND migration = $2`, [ref.namespace, ref.migration, status, finishedAt]);
}

export async function recordRecoveryPointCommitted(db: Sql, ref: { namespace: string; migration: string }, at: string): Promise<void> {
  await db.query(`UPDATE failover_domain_migration SET recovery_point_committed_at = $3 WHERE namespace = $1 AND migration = $2`, [ref.namespace, ref.migration, at]);
}

export async function agentsOf(db: Sql): Promise<Map<string, AgentSeen[]>> {
  const rows = (await db.query(`SELECT domain, node, version, epoch, last_heartbeat_at FROM failover_domain_agent ORDER BY domain, node`)) as {
    domain: string;
    node: string;
    version: string;
    epoch: string;
    last_heartbeat_at: Date;
  }[];
  const byDomain = new Map<string, AgentSeen[]>();
  for (const r of rows) {
    const list = byDomain.get(r.domain) ?? [];
    list.push({ node: r.node, version: r.version, epoch: Number(r.epoch), lastHeartbeatAt: r.last_heartbeat_at });
    byDomain.set(r.domain, list);
  }
  return byDomain;
}

export async function latenciesOf(db: Sql): Promise<Map<string, LatencySeen>> {
  const rows = (await db.query(`SELECT * FROM failover_domain_latency`)) as {
    domain: string;
    node: string;
    peer_domain: string;
    samples: number;
    lost: number;
    min_ms: number | null;
    avg_ms: number | null;
    max_ms: number | null;
    mdev_ms: number | null;
    measured_at: Date;
  }[];
  const opt = (key: string, v: number | null) => (v === null ? {} : { [key]: v });
  return new Map(
    rows.map((r) => [
      r.domain,
      {
        node: r.node,
        peerDomain: r.peer_domain,
        samples: r.samples,
        lost: r.lost,
        ...opt('minMs', r.min_ms),
        ...opt('avgMs', r.avg_ms),
        ...opt('maxMs', r.max_ms),
        ...opt('mdevMs', r.mdev_ms),
        at: r.measured_at,
      },
    ]),
  );
}

export async function migrationsOf(db: Sql): Promise<Map<string, DomainMigrations>> {
  const rows = (await db.query(
    `SELECT DISTINCT ON (domain) domain, namespace, migration, status, requested_at, finished_at,
       (SELECT count(*) FROM failover_domain_migration r WHERE r.domain = m.domain AND r.status = 'InProgress') AS running,
       (SELECT max(recovery_point_committed_at) FROM failover_domain_migration r WHERE r.domain = m.domain) AS last_rp
     FROM failover_domain_migration m ORDER BY domain, requested_at DESC, migration DESC`,
  )) as { domain: string; namespace: string; migration: string; status: MigrationState; requested_at: Date; finished_at: Date | null; running: string; last_rp: Date | null }[];
  return new Map(
    rows.map((r) => [
      r.domain,
      {
        last: { namespace: r.namespace, migration: r.migration, status: r.status, requestedAt: r.requested_at, ...(r.finished_at ? { finishedAt: r.finished_at } : {}) },
        running: Number(r.running),
        ...(r.last_rp ? { lastRecoveryPointAt: r.last_rp } : {}),
      },
    ]),
  );
}
