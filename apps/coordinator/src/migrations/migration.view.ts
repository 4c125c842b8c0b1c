import { migrationFinished, type MigrationStage, PROTECT_STEPS, type ProtectInput, type ProtectOutputs, type ProtectStep, type StepSagaState } from '@tandem/sagas';
import type { SagaPhase } from '@tandem/contracts';

export type MigrationViewStatus = 'InProgress' | 'Successful' | 'PartialSuccess' | 'Failed';

/** One migration as a person reads it (`tandemctl get migrations`): where it is, how far, how it ended. */
export interface MigrationView {
  namespace: string;
  name: string;
  schedule?: string;
  clusterPair: string;
  stage: MigrationStage;
  status: MigrationViewStatus;
  reason?: string;
  /** The step running now (or the one that failed). */
  step?: string;
  volumes: { done: number; total: number };
  resources: { done: number; total: number };
  /** Bytes of the group snapshot, and how many of them were uploaded (the rest the store already had). */
  bytes: { done: number; total: number; uploaded: number };
  takenAt?: string;
  rpoSeconds?: number;
  createdAt: string;
  finishedAt?: string;
  elapsedSeconds: number;
}

export interface ProtectSagaRow {
  phase: SagaPhase;
  state: StepSagaState<ProtectInput>;
  created_at: Date;
  ended_at: Date | null;
}

/** The view of one protect saga, from its state alone. */
export function migrationView(row: ProtectSagaRow, now: Date): MigrationView {
  const { state } = row;
  const input = state.input!;
  const out = state.outputs as ProtectOutputs;
  const snapshot = out['group-snapshot'];
  const backUp = out['back-up-volumes'];
  const restored = out['restore-on-destination'];
  const resources = out['migrate-resources'];
  const ended = row.phase === 'Completed' || row.phase === 'Compensated' || row.phase === 'Failed';
  let status: MigrationViewStatus = 'InProgress';
  let reason: string | undefined;
  if (ended) {
    const finished = migrationFinished({ sagaId: '', input, outputs: state.outputs, phase: row.phase === 'Completed' ? 'Completed' : row.phase === 'Compensated' ? 'Compensated' : 'Failed', ...(state.failure ? { failure: state.failure } : {}), at: (row.ended_at ?? now).toISOString() });
    status = finished.status;
    reason = finished.reason;
  }
  const step = state.current?.step as ProtectStep | undefined;
  const stage: MigrationStage = row.phase === 'Completed' ? 'Final' : step ? PROTECT_STEPS[step] : 'Initial';
  const totalBytes = backUp?.recoveryPoints.reduce((sum, rp) => sum + rp.bytes, 0) ?? 0;
  const uploaded = backUp?.recoveryPoints.reduce((sum, rp) => sum + rp.bytesUploaded, 0) ?? 0;
  const endAt = row.ended_at ?? now;
  return {
    namespace: input.namespace,
    name: input.migration,
    ...(input.schedule === undefined ? {} : { schedule: input.schedule }),
    clusterPair: input.template.clusterPair,
    stage,
    status,
    ...(reason ? { reason } : {}),
    ...(step ? { step } : {}),
    volumes: { done: restored?.restores.length ?? 0, total: snapshot?.volumes.length ?? 0 },
    resources: { done: resources ? resources.applied + resources.unchanged : 0, total: resources?.total ?? 0 },
    bytes: { done: backUp ? totalBytes : 0, total: totalBytes, uploaded },
    ...(snapshot ? { takenAt: snapshot.takenAt } : {}),
    ...(out['commit-recovery-point'] ? { rpoSeconds: out['commit-recovery-point'].rpoSeconds } : {}),
    createdAt: row.created_at.toISOString(),
    ...(row.ended_at ? { finishedAt: row.ended_at.toISOString() } : {}),
    elapsedSeconds: Math.max(0, (endAt.getTime() - row.created_at.getTime()) / 1000),
  };
}
