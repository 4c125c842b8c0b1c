import type { ApplicationRecord, RecoveryPointRecord } from '../recovery-points/recovery-points.store';
import { rpoLimitSeconds } from '../rpo/rpo-limit';

/** An application's RPO: now minus the snapshot time of its newest committed recovery point. */
export function applicationView(a: ApplicationRecord) {
  return {
    namespace: a.namespace,
    schedule: a.schedule,
    clusterPair: a.clusterPair,
    newestRecoveryPointAt: a.newestTakenAt.toISOString(),
    newestMigration: a.newestMigration,
    rpoSeconds: a.rpoSeconds,
    ...(a.intervalSeconds !== undefined ? { intervalSeconds: a.intervalSeconds } : {}),
    /** RpoExceeded is sent past this: twice the interval (a day assumed when the schedule has none). */
    limitSeconds: rpoLimitSeconds(a.intervalSeconds),
    /** How many recovery points were committed for it. */
    recoveryPoints: a.recoveryPoints,
  };
}

export function recoveryPointView(p: RecoveryPointRecord) {
  return {
    namespace: p.namespace,
    schedule: p.schedule,
    clusterPair: p.clusterPair,
    migration: p.migration,
    ...(p.groupSnapshotId ? { groupSnapshotId: p.groupSnapshotId } : {}),
    takenAt: p.takenAt.toISOString(),
    committedAt: p.committedAt.toISOString(),
    rpoAtCommitSeconds: p.rpoAtCommitSeconds,
    ...(p.intervalSeconds !== undefined ? { intervalSeconds: p.intervalSeconds } : {}),
    volumes: p.volumes,
  };
}
