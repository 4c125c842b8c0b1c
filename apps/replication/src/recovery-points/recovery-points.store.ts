import type { EntityManager } from 'typeorm';
import type { CommitRecoveryPoint, DataOf } from '@tandem/contracts';

type Queryable = Pick<EntityManager, 'query'>;

export type CommittedVolume = DataOf<typeof CommitRecoveryPoint>['volumes'][number];

/** A committed recovery point: one migration's group snapshot, recorded on the destination. */
export interface RecoveryPointRecord {
  namespace: string;
  migration: string;
  schedule: string;
  clusterPair: string;
  groupSnapshotId: string | undefined;
  takenAt: Date;
  intervalSeconds: number | undefined;
  volumes: CommittedVolume[];
  requestId: string;
  committedAt: Date;
  /** committed_at − taken_at: the point's RPO at the moment it was committed (never negative). */
  rpoAtCommitSeconds: number;
}

/** An application (namespace and migration schedule) with its newest recovery point and its RPO now. */
export interface ApplicationRecord {
  namespace: string;
  schedule: string;
  clusterPair: string;
  newestMigration: string;
  newestTakenAt: Date;
  intervalSeconds: number | undefined;
  rpoSeconds: number;
  recoveryPoints: number;
}

const POINT_COLUMNS = `namespace, migration, schedule, cluster_pair AS "clusterPair", group_snapshot_id AS "groupSnapshotId",
  taken_at AS "takenAt", interval_seconds AS "intervalSeconds", volumes, request_id AS "requestId", committed_at AS "committedAt",
  GREATEST(0, EXTRACT(EPOCH FROM committed_at - taken_at))::float8 AS "rpoAtCommitSeconds"`;

const point = (row: Record<string, unknown>): RecoveryPointRecord =>
  ({ ...row, groupSnapshotId: row.groupSnapshotId ?? undefined, intervalSeconds: row.intervalSeconds ?? undefined }) as RecoveryPointRecord;

export async function findRecoveryPoint(m: Queryable, namespace: string, migration: string): Promise<RecoveryPointRecord | undefined> {
  const [row] = (await m.query(`SELECT ${POINT_COLUMNS} FROM replication_recovery_point WHERE namespace = $1 AND migration = $2`, [namespace, migration])) as Record<
    string,
    unknown
  >[];
  return row ? point(row) : undefined;
}

/**
 * Records a recovery point (committed now, by the database's clock) and makes it its application's newest when
 * it was taken later than the one recorded: a commit that arrives late does not move the RPO back.
 */
export async function insertRecoveryPoint(m: EntityManager, cmd: DataOf<typeof CommitRecoveryPoint>): Promise<RecoveryPointRecord> {
  const [row] = (await m.query(
    `INSERT INTO replication_recovery_point
       (namespace, migration, schedule, cluster_pair, group_snapshot_id, taken_at, interval_seconds, volumes, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
     RETURNING ${POINT_COLUMNS}`,
    [
      cmd.namespace,
      cmd.migration,
      cmd.schedule,
      cmd.clusterPair,
      cmd.groupSnapshotId ?? null,
      cmd.takenAt,
      cmd.intervalSeconds ?? null,
      JSON.stringify(cmd.volumes),
      cmd.requestId,
    ],
  )) as Record<string, unknown>[];
  await m.query(
    `INSERT INTO replication_application AS a (namespace, schedule, cluster_pair, newest_migration, newest_taken_at, interval_seconds)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (namespace, schedule) DO UPDATE
       SET cluster_pair = EXCLUDED.cluster_pair, newest_migration = EXCLUDED.newest_migration,
           newest_taken_at = EXCLUDED.newest_taken_at, interval_seconds = EXCLUDED.interval_seconds
       WHERE a.newest_taken_at < EXCLUDED.newest_taken_at`,
    [cmd.namespace, cmd.schedule, cmd.clusterPair, cmd.migration, cmd.takenAt, cmd.intervalSeconds ?? null],
  );
  return point(row!);
}

const APPLICATION_SELECT = `
  SELECT a.namespace, a.schedule, a.cluster_pair AS "clusterPair", a.newest_migration AS "newestMigration",
         a.newest_taken_at AS "newestTakenAt", a.interval_seconds AS "intervalSeconds",
         GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - a.newest_taken_at))::float8 AS "rpoSeconds",
         (SELECT count(*)::int FROM replication_recovery_point p WHERE p.namespace = a.namespace AND p.schedule = a.schedule) AS "recoveryPoints"
  FROM replication_application a`;

const application = (row: Record<string, unknown>): ApplicationRecord => ({ ...row, intervalSeconds: row.intervalSeconds ?? undefined }) as ApplicationRecord;

/** Every application with a committed recovery point, by namespace and schedule. */
export async function listApplications(m: Queryable): Promise<ApplicationRecord[]> {
  return ((await m.query(`${APPLICATION_SELECT} ORDER BY a.namespace, a.schedule`)) as Record<string, unknown>[]).map(application);
}

export async function findApplication(m: Queryable, namespace: string, schedule: string): Promise<ApplicationRecord | undefined> {
  const [row] = (await m.query(`${APPLICATION_SELECT} WHERE a.namespace = $1 AND a.schedule = $2`, [namespace, schedule])) as Record<string, unknown>[];
  return row ? application(row) : undefined;
}

/** An application's committed recovery points, newest snapshot first. */
export async function listRecoveryPoints(m: Queryable, namespace: string, schedule: string, limit?: number): Promise<RecoveryPointRecord[]> {
  const rows = (await m.query(
    `SELECT ${POINT_COLUMNS} FROM replication_recovery_point WHERE namespace = $1 AND schedule = $2 ORDER BY taken_at DESC, migration DESC LIMIT $3`,
    [namespace, schedule, limit ?? null],
  )) as Record<string, unknown>[];
  return rows.map(point);
}
