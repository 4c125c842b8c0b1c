import type { NamespacedName } from '@tandem/contracts';

/** The commands a run answers. */
export type RunKind = 'prepare-destination-volumes' | 'migrate-resources' | 'activate-applications';

/**
 * How a run ended:
 * - `succeeded`: answered with the success event (a migration whose resources partly failed succeeded: the
 *   resources say which failed);
 * - `failed`: answered with the failure event, `retryable` false: the same command would fail the same way;
 * - `retryable-failure`: answered with the failure event, `retryable` true: the next command with this requestId
 *   runs the work again.
 */
export type RunOutcome = 'succeeded' | 'failed' | 'retryable-failure';

/** The answer without the sagaRef (each command's own is echoed). */
export type RunAnswer = { ok: true; output: unknown } | { ok: false; reason: string; retryable: boolean };

/** Applied (created or changed), Unchanged (same content hash: not written), Failed (with the reason), Purged. */
export type ResourceStatusKind = 'Applied' | 'Unchanged' | 'Failed' | 'Purged';

export interface ResourceStatus {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  status: ResourceStatusKind;
  reason?: string;
}

/** Bound (with the destination volume the agents reach), or Unbound (with why, when the wait ran out). */
export interface VolumeStatus {
  claim: NamespacedName;
  status: 'Bound' | 'Unbound';
  /** The bound PersistentVolume on the destination. */
  volumeName?: string;
  /** The directory name the destination's agents reach the volume by. */
  volume?: string;
  node?: string;
  reason?: string;
}

/** What doing the work produced. */
export interface RunResult {
  answer: RunAnswer;
  resources: ResourceStatus[];
  volumes: VolumeStatus[];
}

/** A recorded run, as `migration_run` holds it. */
export interface MigrationRun extends RunResult {
  requestId: string;
  kind: RunKind;
  outcome: RunOutcome;
  migration?: string;
  /** The ClusterPair of a protect-path run; an activation has none. */
  clusterPair?: NamespacedName;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export const outcomeOf = (answer: RunAnswer): RunOutcome => (answer.ok ? 'succeeded' : answer.retryable ? 'retryable-failure' : 'failed');

/** A failure answer with nothing done. */
export const failedRun = (reason: string, retryable: boolean): RunResult => ({ answer: { ok: false, reason, retryable }, resources: [], volumes: [] });
