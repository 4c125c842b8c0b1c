import type { DataOf, MigrationFinished } from '@tandem/contracts';
import type { Sql } from '../pairs/cluster-pairs.store';

/** An application protected to this site: the schedule migrating it here, and how its newest migration ended. */
export interface ProtectedApplication {
  namespace: string;
  schedule: string;
  clusterPair: string;
  sourceDomain: string;
  destinationDomain: string;
  namespaces: string[];
  selectors: Record<string, string>;
  lastMigration: string;
  status: string;
  reason?: string;
  finishedAt: string;
  /** The point in time this site holds: when the group snapshot of the newest successful migration was taken. */
  takenAt?: string;
}

interface Row {
  namespace: string;
  schedule: string;
  cluster_pair: string;
  source_domain: string;
  destination_domain: string;
  namespaces: string[];
  selectors: Record<string, string>;
  last_migration: string;
  status: string;
  reason: string | null;
  finished_at: Date;
  taken_at: Date | null;
}

const COLUMNS = 'namespace, schedule, cluster_pair, source_domain, destination_domain, namespaces, selectors, last_migration, status, reason, finished_at, taken_at';

const view = (r: Row): ProtectedApplication => ({
  namespace: r.namespace,
  schedule: r.schedule,
  clusterPair: r.cluster_pair,
  sourceDomain: r.source_domain,
  destinationDomain: r.destination_domain,
  namespaces: r.namespaces,
  selectors: r.selectors,
  lastMigration: r.last_migration,
  status: r.status,
  ...(r.reason ? { reason: r.reason } : {}),
  finishedAt: r.finished_at.toISOString(),
  ...(r.taken_at ? { takenAt: r.taken_at.toISOString() } : {}),
});

/** The fields a finished migration must carry to say what it protected and where to. */
export type ProtectingMigration = DataOf<typeof MigrationFinished> & Required<Pick<DataOf<typeof MigrationFinished>, 'schedule' | 'clusterPair' | 'sourceDomain' | 'destinationDomain'>>;

export const isProtecting = (end: DataOf<typeof MigrationFinished>): end is ProtectingMigration =>
  end.schedule !== undefined && end.clusterPair !== undefined && end.sourceDomain !== undefined && end.destinationDomain !== undefined;

/**
 * Records a finished migration of a schedule: the newest one (by finishedAt) gives the last migration and status;
 * takenAt moves only with a Successful one, and only forward.
 */
export async function upsertProtectedApplication(db: Sql, end: ProtectingMigration): Promise<void> {
  const takenAt = end.status === 'Successful' && end.takenAt !== undefined ? end.takenAt : null;
  await db.query(
    `INSERT INTO failover_protected_application (${COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12)
     ON CONFLICT (namespace, schedule) DO UPDATE SET
       cluster_pair = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.cluster_pair ELSE failover_protected_application.cluster_pair END,
       source_domain = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.source_domain ELSE failover_protected_application.source_domain END,
       destination_domain = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.destination_domain ELSE failover_protected_application.destination_domain END,
       namespaces = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.namespaces ELSE failover_protected_application.namespaces END,
       selectors = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.selectors ELSE failover_protected_application.selectors END,
       last_migration = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.last_migration ELSE failover_protected_application.last_migration END,
       status = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.status ELSE failover_protected_application.status END,
       reason = CASE WHEN EXCLUDED.finished_at >= failover_protected_application.finished_at THEN EXCLUDED.reason ELSE failover_protected_application.reason END,
       finished_at = GREATEST(EXCLUDED.finished_at, failover_protected_application.finished_at),
       taken_at = CASE
         WHEN EXCLUDED.taken_at IS NULL THEN failover_protected_application.taken_at
         WHEN failover_protected_application.taken_at IS NULL THEN EXCLUDED.taken_at
         ELSE GREATEST(EXCLUDED.taken_at, failover_protected_application.taken_at) END,
       updated_at = clock_timestamp()`,
    [
      end.namespace,
      end.schedule,
      end.clusterPair,
      end.sourceDomain,
      end.destinationDomain,
      JSON.stringify(end.namespaces ?? [end.namespace]),
      JSON.stringify(end.selectors ?? {}),
      end.migration,
      end.status,
      end.reason ?? null,
      end.finishedAt,
      takenAt,
    ],
  );
}

export async function listProtectedApplications(db: Sql, destinationDomain?: string): Promise<ProtectedApplication[]> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM failover_protected_application WHERE $1::text IS NULL OR destination_domain = $1 ORDER BY namespace, schedule`, [
    destinationDomain ?? null,
  ])) as Row[];
  return rows.map(view);
}

export async function findProtectedApplication(db: Sql, ref: { namespace: string; schedule: string }): Promise<ProtectedApplication | undefined> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM failover_protected_application WHERE namespace = $1 AND schedule = $2`, [ref.namespace, ref.schedule])) as Row[];
  return rows[0] ? view(rows[0]) : undefined;
}
