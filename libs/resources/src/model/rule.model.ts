import { ResourceBase } from './resource-meta.model';

/** The placeholder a background action's command holds at until the group snapshot is taken (Stork's). */
export const WAIT_PLACEHOLDER = '${WAIT_CMD}';
/** Tandem's defaults for what Stork does not have: how long one action may run (or hold), and how often it is retried. */
export const RULE_ACTION_DEFAULTS = { timeoutMs: 5 * 60_000, retries: 0 } as const;

export interface RuleAction {
  type: 'command';
  /** The command, run with `sh -c` in the pod's container. */
  value: string;
  /** Run in the background and hold (at `${WAIT_CMD}`) until the snapshot is taken. */
  background: boolean;
  /** Run in one of the selected pods only. */
  runInSinglePod: boolean;
  /** Tandem: how long the action may run (a background action: hold), in ms; written as a duration (`30s`). */
  timeoutMs: number;
  /** Tandem: how many times a failed foreground action is tried again. */
  retries: number;
}

export interface RuleItem {
  /** The labels of the pods the actions run in. */
  podSelector: Record<string, string>;
  /** The container to run in, when the pods have several. */
  container?: string;
  actions: RuleAction[];
}

/** Pre- or post-snapshot actions. Stork writes the items under a top-level `rules:`. */
export interface Rule extends ResourceBase<'Rule'> {
  rules: RuleItem[];
}
