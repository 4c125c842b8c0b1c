import type { DataSource } from 'typeorm';
import { RpoExceeded } from '@tandem/contracts';
import type { Outbox } from '@tandem/persistence';
import { rpoExceededId } from '../message-ids';
import { DEFAULT_INTERVAL_SECONDS, rpoLimitSeconds } from './rpo-limit';

export interface RpoAlert {
  namespace: string;
  schedule: string;
  clusterPair: string;
  newestMigration: string;
  newestTakenAt: Date;
  rpoSeconds: number;
  limitSeconds: number;
  at: Date;
}

/**
 * One pass of the RPO watch: claims the applications whose RPO is past their limit and that were not alerted for
 * their newest recovery point (rows locked with SKIP LOCKED, so replicas share the work and alert once), records
 * the alert and appends `RpoExceeded`, in one transaction. Returns the alerts sent.
 */
export async function alertExceededRpos(db: DataSource, outbox: Outbox, batchSize: number): Promise<RpoAlert[]> {
  return db.transaction(async (m) => {
    const rows = (await m.query(
      `SELECT namespace, schedule, cluster_pair AS "clusterPair", newest_migration AS "newestMigration", newest_taken_at AS "newestTakenAt",
              interval_seconds AS "intervalSeconds", EXTRACT(EPOCH FROM clock_timestamp() - newest_taken_at)::float8 AS "rpoSeconds",
              clock_timestamp() AS at
       FROM replication_application
       WHERE alerted_migration IS DISTINCT FROM newest_migration
         AND clock_timestamp() - newest_taken_at > make_interval(secs => 2 * COALESCE(interval_seconds, $2))
       ORDER BY newest_taken_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED`,
      [batchSize, DEFAULT_INTERVAL_SECONDS],
    )) as (Omit<RpoAlert, 'limitSeconds'> & { intervalSeconds: number | null })[];
    if (rows.length === 0) return [];
    const alerts = rows.map(({ intervalSeconds, ...r }) => ({ ...r, limitSeconds: rpoLimitSeconds(intervalSeconds ?? undefined) }));
    await m.query(
      `UPDATE replication_application a SET alerted_migration = x.migration, alerted_at = x.at
       FROM jsonb_to_recordset($1::jsonb) AS x(namespace text, schedule text, migration text, at timestamptz)
       WHERE a.namespace = x.namespace AND a.schedule = x.schedule`,
      [JSON.stringify(alerts.map((a) => ({ namespace: a.namespace, schedule: a.schedule, migration: a.newestMigration, at: a.at })))],
    );
    await outbox.append(
      m,
      alerts.map((a) => ({
        definition: RpoExceeded,
        id: rpoExceededId(a.namespace, a.schedule, a.newestMigration),
        subject: `${a.namespace}/${a.schedule}`,
        data: {
          namespace: a.namespace,
          schedule: a.schedule,
          clusterPair: a.clusterPair,
          rpoSeconds: a.rpoSeconds,
          limitSeconds: a.limitSeconds,
          newestRecoveryPointAt: a.newestTakenAt.toISOString(),
          at: a.at.toISOString(),
        },
      })),
    );
    return alerts;
  });
}
