import { PolicyType } from '../policy/policy-type';
import { DueRun } from './due-runs';

/**
 * What a scheduler does with the runs due for one schedule at one pass. Whatever the plan, it records every due
 * run's `fireAt` as the `lastFiredAt` of its type (started, covered or skipped alike), so no fire time is acted on
 * twice.
 * start    the one migration to start now, named after its type
 * covered  other types due at the same pass: the started migration serves them too (one migration at a time)
 * skipped  runs that fell due while a migration of this schedule was still running: not run, to be reported
 */
export interface FiringPlan {
  start?: DueRun;
  covered: DueRun[];
  skipped: DueRun[];
}

/** The longer the period, the fewer such migrations exist and the longer they are retained. */
const PRECEDENCE: readonly PolicyType[] = ['monthly', 'weekly', 'daily', 'interval'];

/**
 * A schedule never runs two migrations at once. While one is in progress every due run is skipped (and reported).
 * Otherwise one migration starts; when several types are due together (an every-minute interval and a daily at
 * 22:14 both fire at 22:14:00) it is named after the type with the longest period, so that the daily, weekly and
 * monthly migrations, which are kept longest, are not crowded out by the interval; the others are covered by it.
 */
export function planFiring(due: readonly DueRun[], opts: { migrationInProgress: boolean }): FiringPlan {
  if (opts.migrationInProgress) return { covered: [], skipped: [...due] };
  const ordered = [...due].sort((a, b) => PRECEDENCE.indexOf(a.policyType) - PRECEDENCE.indexOf(b.policyType));
  const [start, ...covered] = ordered;
  return start === undefined ? { covered: [], skipped: [] } : { start, covered, skipped: [] };
}
