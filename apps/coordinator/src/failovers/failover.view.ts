import type { SagaPhase } from '@tandem/contracts';
import type { FailoverInput, FailoverOutputs, StepSagaState } from '@tandem/sagas';

/** The failover saga's steps, in order (the stage a failover is at). */
export const FAILOVER_STEPS = ['probe-source', 'prepare-source', 'fence-source', 'activate-destination', 'activate-application'] as const;
export type FailoverStage = (typeof FAILOVER_STEPS)[number] | 'Done';

/**
 * - `InProgress`: running, or undoing what it did after a step failed;
 * - `Successful`: the application runs here;
 * - `RolledBack`: a step failed and what was done was undone (the source serves again when it was stopped);
 * - `Failed`: a step failed and undoing it failed too: the reason says what a person must do.
 */
export type FailoverStatus = 'InProgress' | 'Successful' | 'RolledBack' | 'Failed';

type Outputs = Required<FailoverOutputs>;

/** One failover as a person reads it (`tandemctl get failovers`). */
export interface FailoverView {
  name: string;
  namespace: string;
  schedule: string;
  sourceDomain: string;
  destinationDomain: string;
  namespaces: string[];
  /** The step running now, or the one that failed; `Done` once completed. */
  stage: FailoverStage;
  status: FailoverStatus;
  reason?: string;
  /** Whether the source answered the probe (absent when source operations were skipped). */
  sourceReachable?: boolean;
  /** The source was stopped cleanly (schedule suspended, scaled down, last-mile migration run). */
  sourceStopped: boolean;
  lastMigration?: NonNullable<Outputs['prepare-source']['lastMigration']>;
  /** The workloads activated here, with their replicas and ready pods. */
  workloads: Outputs['activate-application']['workloads'];
  /** Recovery time: from the failover's start until the application was ready here (when Successful). */
  rtoSeconds?: number;
  createdAt: string;
  finishedAt?: string;
}

export interface FailoverSagaRow {
  phase: SagaPhase;
  state: StepSagaState<FailoverInput>;
  created_at: Date;
  ended_at: Date | null;
}

const STATUS: Record<SagaPhase, FailoverStatus> = { Running: 'InProgress', Compensating: 'InProgress', Completed: 'Successful', Compensated: 'RolledBack', Failed: 'Failed' };

const isStep = (value: string | undefined): value is (typeof FAILOVER_STEPS)[number] => (FAILOVER_STEPS as readonly string[]).includes(value ?? '');

/** The step a failure reason names (`<step> failed after …`, or `undo of <step> failed …`). */
const stepOfFailure = (failure: string | undefined) => FAILOVER_STEPS.find((s) => failure?.startsWith(`${s} failed`) || failure?.startsWith(`undo of ${s} failed`));

/** The view of one failover saga, from its state alone. */
export function failoverView(row: FailoverSagaRow): FailoverView {
  const { state } = row;
  const input = state.input!;
  const out = state.outputs as FailoverOutputs;
  const status = STATUS[row.phase];
  const current = state.current?.step;
  const running = isStep(current) ? current : FAILOVER_STEPS[0];
  const stage: FailoverStage = status === 'Successful' ? 'Done' : state.failure === undefined ? running : (stepOfFailure(state.failure) ?? running);
  const probe = out['probe-source'];
  const prepared = out['prepare-source'];
  return {
    name: input.failover,
    namespace: input.namespace,
    schedule: input.schedule,
    sourceDomain: input.sourceDomain,
    destinationDomain: input.destinationDomain,
    namespaces: input.namespaces,
    stage,
    status,
    ...(state.failure === undefined ? {} : { reason: state.failure }),
    ...(probe === undefined ? {} : { sourceReachable: probe.reachable }),
    sourceStopped: prepared !== undefined && state.done.includes('prepare-source') && !state.undone.includes('prepare-source'),
    ...(prepared?.lastMigration === undefined ? {} : { lastMigration: prepared.lastMigration }),
    workloads: out['activate-application']?.workloads ?? [],
    ...(status === 'Successful' && row.ended_at ? { rtoSeconds: Math.max(0, (row.ended_at.getTime() - row.created_at.getTime()) / 1000) } : {}),
    createdAt: row.created_at.toISOString(),
    ...(row.ended_at ? { finishedAt: row.ended_at.toISOString() } : {}),
  };
}
