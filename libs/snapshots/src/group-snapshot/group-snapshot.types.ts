import type { Platform } from '@tandem/platform';
import type { Rule } from '@tandem/resources';
import type { ReleaseReport, RuleReport } from '../rules/rule-report';

export interface GroupSnapshotRequest<T> {
  platform: Platform;
  /** The protected application's namespace, where the rules' pods are. */
  namespace: string;
  preRule?: Rule;
  postRule?: Rule;
  /** Unique per run (e.g. the migration's name): names the files background actions use in the pods. */
  runId: string;
  /** The caller's point-in-time capture of all the application's volumes, taken while the pre rule holds. */
  snapshot: () => Promise<T>;
  /** Stops the pre rule and skips the capture; the release and the post rule run regardless. */
  signal?: AbortSignal;
}

/**
 * Where a group snapshot stopped: the first stage that failed, or `Done`. Whatever the stage, held actions were
 * released and the post rule ran.
 * - `PreRule`: the pre rule failed; nothing was captured.
 * - `Snapshot`: the capture threw (or the run was stopped before it).
 * - `Release`: a background action stopped holding before it was released, or ended badly: the capture may not
 *   be consistent.
 * - `PostRule`: the post rule failed; the capture was taken.
 * - `Done`: every stage succeeded.
 */
export type GroupSnapshotStage = 'PreRule' | 'Snapshot' | 'Release' | 'PostRule' | 'Done';

/**
 * The capture.
 * - `taken`: `snapshot()` returned `value`.
 * - `failed`: `snapshot()` threw `error` (`message` is its message).
 * - `skipped`: `snapshot()` was not called (`reason`: the pre rule failed, or the run was stopped).
 */
export type SnapshotCapture<T> =
  | { status: 'taken'; value: T; durationMs: number }
  | { status: 'failed'; error: unknown; message: string; durationMs: number }
  | { status: 'skipped'; reason: string };

export interface GroupSnapshotOutcome<T> {
  /** True when `stage` is `Done`. */
  ok: boolean;
  stage: GroupSnapshotStage;
  /** The pre rule's report, when there is a pre rule. */
  pre?: RuleReport;
  snapshot: SnapshotCapture<T>;
  /** How the pre rule's background actions ended, when it had any. */
  release?: ReleaseReport;
  /** The post rule's report, when there is a post rule. */
  post?: RuleReport;
  /** Every failure of every stage, in order, each a sentence a person can act on. */
  failures: string[];
  durationMs: number;
}
