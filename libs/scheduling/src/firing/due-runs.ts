import { PolicyType } from '../policy/policy-type';
import { policyTypesOf } from '../policy/schedule-policy.defaults';
import { SchedulePolicy } from '../policy/schedule-policy.model';
import { slotAtOrBefore } from './fire-calendar';
import { validInstant } from '../time/instant';
import { calendarFor } from './policy-calendars';

export interface DueRunsInput {
  policy: SchedulePolicy;
  /**
   * When the schedule began (its creation time, stored with it so that every replica passes the same instant).
   * Interval schedules count from it (the first interval fire is the anchor itself), and no fire time before it
   * is due or missed.
   */
  anchor: Date;
  /** Per schedule type, the fire time of its newest run (`DueRun.fireAt`); absent when it never ran. */
  lastFiredAt?: Partial<Record<PolicyType, Date>>;
  /**
   * When the schedule was last resumed after a suspension. Fire times while it was suspended are neither due nor
   * counted as missed. Leave it out to catch up on them as after downtime (one run, the count reported).
   */
  resumedAt?: Date;
  now: Date;
}

/**
 * One run to start now for one schedule type. After downtime the fire times that passed without a run collapse
 * into this one run: it stands for the newest of them (`fireAt`), and `missed` counts the older ones.
 */
export interface DueRun {
  policyType: PolicyType;
  /** The fire time this run stands for: the newest at or before now. Record it as that type's lastFiredAt. */
  fireAt: Date;
  /** Fire times since the last run that got no run of their own (0 when the run is on time). */
  missed: number;
  /** The oldest of the missed fire times, when there are any. */
  firstMissedAt?: Date;
}

/**
 * Which schedules of the policy are due at `now`: those with a fire time after their last run (and not before
 * `anchor` or `resumedAt`) and at or before `now`. A pure function of its input; deterministic across replicas.
 * The result is in Stork's order (interval, daily, weekly, monthly); `planFiring` says which one to start.
 */
export function dueRuns(input: DueRunsInput): DueRun[] {
  const now = validInstant(input.now, 'now');
  const startsAt = Math.max(
    validInstant(input.anchor, 'anchor'),
    input.resumedAt === undefined ? Number.NEGATIVE_INFINITY : validInstant(input.resumedAt, 'resumedAt'),
  );
  const runs: DueRun[] = [];
  for (const type of policyTypesOf(input.policy)) {
    const calendar = calendarFor(input.policy, type, input.anchor);
    if (!calendar) continue;
    const last = input.lastFiredAt?.[type];
    // The newest slot that must not run: the last one run, or the last one before the schedule started.
    const lastMs = last === undefined ? Number.NEGATIVE_INFINITY : validInstant(last, `lastFiredAt.${type}`);
    const notAfter = Math.max(startsAt - 1, lastMs);
    const newest = slotAtOrBefore(calendar, now);
    const done = slotAtOrBefore(calendar, notAfter);
    const slots = newest - done;
    if (slots <= 0) continue;
    const run: DueRun = { policyType: type, fireAt: new Date(calendar.instantAt(newest)), missed: slots - 1 };
    if (slots > 1) run.firstMissedAt = new Date(calendar.instantAt(done + 1));
    runs.push(run);
  }
  return runs;
}
