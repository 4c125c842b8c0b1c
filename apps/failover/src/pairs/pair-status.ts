import type { ReplicationMode } from '@tandem/resources';

/** A pair's state as its last check found it: `Ready`, or `NotReady` with every check that failed. */
export interface PairStatus {
  state: 'Ready' | 'NotReady';
  /** NotReady: each failed check, what failed and what to do, separated by "; ". */
  reason?: string;
  mode: ReplicationMode;
  checkedAt: Date;
}
