import { DueRun, dueRuns, migrationName, nextWakeUp, planFiring, PolicyType, SchedulePolicy } from '@tandem/scheduling';

/** What firing needs to know of a schedule: its policy and where it stands. */
export interface FiringState {
  /** The schedule's name (migrations are named after it). */
  name: string;
  policy: SchedulePolicy;
  /** When the schedule was created: interval fire times are `anchor + k × interval`, and nothing before it is due. */
  anchor: Date;
  /** When it was last resumed: the fire times of the suspension are neither run nor counted as missed. */
  resumedAt?: Date;
  /** Per policy type, the fire time last acted on (started, covered or skipped). */
  lastFired: Partial<Record<PolicyType, Date>>;
}

/**
 * What to do with a schedule at `now`:
 * start       the one migration to start, its run, and the other types it serves
 * skipped     due runs not started because the schedule's previous migration has not finished
 * lastFired   the fire times acted on, to store (every due run, started, covered or skipped alike)
 * nextWakeUp  when the schedule is next due (undefined: never)
 */
export interface FireDecision {
  start?: { name: string; run: DueRun; covers: PolicyType[] };
  skipped: DueRun[];
  lastFired: Partial<Record<PolicyType, Date>>;
  nextWakeUp?: Date;
}

/** A pure function of the schedule, the time and whether a migration of it is unfinished: every replica decides the same. */
export function decideFiring(state: FiringState, now: Date, unfinishedMigration: string | undefined): FireDecision {
  const due = dueRuns({ policy: state.policy, anchor: state.anchor, lastFiredAt: state.lastFired, ...(state.resumedAt ? { resumedAt: state.resumedAt } : {}), now });
  const plan = planFiring(due, { migrationInProgress: unfinishedMigration !== undefined });
  const lastFired = { ...state.lastFired };
  for (const run of due) lastFired[run.policyType] = run.fireAt;
  const decision: FireDecision = { skipped: plan.skipped, lastFired };
  const next = nextWakeUp(state.policy, now, state.anchor);
  if (next) decision.nextWakeUp = next;
  if (plan.start) {
    decision.start = {
      name: migrationName(state.name, plan.start.policyType, plan.start.fireAt),
      run: plan.start,
      covers: plan.covered.map((r) => r.policyType),
    };
  }
  return decision;
}

/**
 * When a schedule must be looked at next, from `now`: at once when a run is due (just created, or its policy changed
 * so that a fire time passed), else its next fire time. Undefined when it never fires.
 */
export function wakeUpFrom(state: FiringState, now: Date): Date | undefined {
  const due = dueRuns({ policy: state.policy, anchor: state.anchor, lastFiredAt: state.lastFired, ...(state.resumedAt ? { resumedAt: state.resumedAt } : {}), now });
  return due.length > 0 ? now : nextWakeUp(state.policy, now, state.anchor);
}
