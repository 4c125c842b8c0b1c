import { ResourceBase } from './resource-meta.model';

/**
 * A schedule policy's values as written: the types are checked here, the meaning (ranges, times, days, which of
 * `intervalMinutes`/`intervalSeconds`) by the scheduling lib. Stork's retain defaults when `retain` is absent:
 * interval 10, daily 30, weekly 7, monthly 12.
 */
export interface IntervalPolicyValues {
  intervalMinutes?: number;
  /** Tandem: intervals shorter than a minute, for fast cycles. */
  intervalSeconds?: number;
  retain?: number;
  options?: Record<string, string>;
}

export interface DailyPolicyValues {
  /** Stork's form is Go's `time.Kitchen`, e.g. `10:14PM`. */
  time?: string;
  retain?: number;
  options?: Record<string, string>;
  forceFullSnapshotDay?: string;
}

export interface WeeklyPolicyValues {
  day?: string;
  time?: string;
  retain?: number;
  options?: Record<string, string>;
}

export interface MonthlyPolicyValues {
  date?: number;
  time?: string;
  retain?: number;
  options?: Record<string, string>;
}

export interface SchedulePolicyValues {
  interval?: IntervalPolicyValues;
  daily?: DailyPolicyValues;
  weekly?: WeeklyPolicyValues;
  monthly?: MonthlyPolicyValues;
  /** Tandem: the IANA time zone the times are in (the scheduling lib defaults it to UTC). */
  timeZone?: string;
}

/** Stork's SchedulePolicy is cluster-scoped and keeps its policy at the top level (`policy:`), not under `spec`. */
export interface SchedulePolicy extends ResourceBase<'SchedulePolicy'> {
  policy: SchedulePolicyValues;
}
