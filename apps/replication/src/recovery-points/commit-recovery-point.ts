import type { EntityManager } from 'typeorm';
import { CommitRecoveryPoint, CommitRecoveryPointFailed, type DataOf, RecoveryPointCommitted } from '@tandem/contracts';
import type { Outbox } from '@tandem/persistence';
import { answerId } from '../message-ids';
import { findRecoveryPoint, insertRecoveryPoint, type RecoveryPointRecord } from './recovery-points.store';

type Command = DataOf<typeof CommitRecoveryPoint>;

export type CommitOutcome =
  | { outcome: 'committed' | 'already-committed'; point: RecoveryPointRecord }
  | { outcome: 'conflict'; reason: string };

/** What makes two commits of one migration the same recovery point. */
function conflictWith(existing: RecoveryPointRecord, cmd: Command): string | undefined {
  const differences = [
    existing.schedule !== cmd.schedule ? `schedule ${existing.schedule}` : undefined,
    existing.clusterPair !== cmd.clusterPair ? `cluster pair ${existing.clusterPair}` : undefined,
    existing.takenAt.getTime() !== Date.parse(cmd.takenAt) ? `taken at ${existing.takenAt.toISOString()}` : undefined,
    (existing.groupSnapshotId ?? null) !== (cmd.groupSnapshotId ?? null) ? `group snapshot ${existing.groupSnapshotId ?? '(none)'}` : undefined,
  ].filter((d): d is string => d !== undefined);
  if (differences.length === 0) return undefined;
  return (
    `migration ${cmd.namespace}/${cmd.migration} already committed a different recovery point (${differences.join(', ')}); ` +
    'a migration has one recovery point: commit this snapshot under its own migration'
  );
}

/**
 * Records a recovery point as committed, in the caller's transaction (the inbox's), and answers with its RPO at
 * the moment of the commit. Idempotent by (namespace, migration): a repeat answers what was recorded, a commit of
 * another snapshot under the same migration is refused (not retryable).
 */
export async function commitRecoveryPoint(m: EntityManager, outbox: Outbox, cmd: Command, commandId: string): Promise<CommitOutcome> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`replication/commit/${cmd.namespace}/${cmd.migration}`]);
  const envelope = { id: answerId(cmd.requestId, commandId), causationid: commandId, ...(cmd.sagaRef ? { correlationid: cmd.sagaRef.sagaId } : {}) };
  const common = { requestId: cmd.requestId, ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}) };

  const existing = await findRecoveryPoint(m, cmd.namespace, cmd.migration);
  const conflict = existing && conflictWith(existing, cmd);
  if (conflict) {
    await outbox.append(m, [{ ...envelope, definition: CommitRecoveryPointFailed, data: { ...common, reason: conflict, retryable: false } }]);
    return { outcome: 'conflict', reason: conflict };
  }
  const point = existing ?? (await insertRecoveryPoint(m, cmd));
  await outbox.append(m, [
    {
      ...envelope,
      definition: RecoveryPointCommitted,
      data: {
        ...common,
        output: {
          namespace: point.namespace,
          schedule: point.schedule,
          clusterPair: point.clusterPair,
          migration: point.migration,
          takenAt: point.takenAt.toISOString(),
          rpoSeconds: point.rpoAtCommitSeconds,
        },
      },
    },
  ]);
  return { outcome: existing ? 'already-committed' : 'committed', point };
}
