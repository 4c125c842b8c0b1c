/**
 * What running a rule did, per item, action and pod: the shapes `runRule` and `HeldActions.release` return.
 * Expected failures (a command exiting non-zero, a selector matching no pod, a background command dying) are
 * reported here, never thrown; each failure is also a sentence in `failures` that names the rule, the action
 * (`rules[i].actions[j]`, as validation names fields), the pod and the command's last output.
 */

/**
 * When a rule runs.
 * - `pre`: before the group snapshot; background actions hold (at `${WAIT_CMD}`) until it is taken.
 * - `post`: after the group snapshot; background actions are refused (as Stork refuses them).
 */
export type RulePhase = 'pre' | 'post';

/**
 * How one pod's run of an action ended.
 * - `succeeded`: exit code 0 (for a background action: after it was released).
 * - `failed`: a non-zero exit code, or the command did not finish for another reason (pod not running, exec
 *   failed); `stderrTail` says why.
 * - `timed-out`: still running past the action's timeout; it was stopped (exit code null).
 * - `held`: a background action reached `${WAIT_CMD}` and is holding until released.
 */
export type PodActionOutcome = 'succeeded' | 'failed' | 'timed-out' | 'held';

export interface PodActionReport {
  pod: string;
  outcome: PodActionOutcome;
  /** `null` when the command did not finish (timed out, pod gone) or is still holding. */
  exitCode: number | null;
  /** Runs of the command in this pod: 1 + the retries it took (a background action runs once). */
  attempts: number;
  /** Wall time of the exec calls that ran the command in this pod (a background action: start to end). */
  durationMs: number;
  /** The last few KiB of what the command printed, from its last attempt. */
  stdoutTail: string;
  stderrTail: string;
}

/**
 * How an action ended as a whole.
 * - `succeeded`: in every targeted pod.
 * - `held`: a background action holding in every targeted pod; `HeldActions.release` gives its final report.
 * - `failed`: in at least one pod, or before any pod ran it (no pod matched, the exec failed); see `failure`.
 */
export type ActionStatus = 'succeeded' | 'held' | 'failed';

export interface ActionReport {
  /** Where the action is in the rule: `rules[item].actions[action]`, from 0. */
  item: number;
  action: number;
  /** The action's command as the rule gives it (with `${WAIT_CMD}`, not the snippet it stands for). */
  command: string;
  background: boolean;
  runInSinglePod: boolean;
  status: ActionStatus;
  pods: PodActionReport[];
  durationMs: number;
  /** Why the action failed, naming the rule, the action, the pod and its output. */
  failure?: string;
}

export interface ItemReport {
  index: number;
  podSelector: Record<string, string>;
  container?: string;
  /** The actions that ran, in order; the first failure is the last one (nothing runs after a failure). */
  actions: ActionReport[];
}

export interface RuleReport {
  /** `namespace/name` of the rule. */
  rule: string;
  phase: RulePhase;
  /** True when every action of every item succeeded (or, a background action, holds). */
  ok: boolean;
  /** The items that ran, in order; items after a failure did not run. */
  items: ItemReport[];
  /** One sentence per failure, for a person to act on. */
  failures: string[];
  durationMs: number;
}

/** The end of a pre rule's background actions: released, and how each command ended. */
export interface ReleaseReport {
  /** True when every background action held until it was released and then ended with exit code 0. */
  ok: boolean;
  /** The final report of each background action (status `succeeded` or `failed`). */
  actions: ActionReport[];
  failures: string[];
  durationMs: number;
}
