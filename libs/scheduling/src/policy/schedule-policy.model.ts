import { PolicyType } from './policy-type';

/**
 * Fires every `intervalMinutes` (Stork) or every `intervalSeconds` (Tandem's addition, for fast cycles); exactly
 * one of the two. Unlike the wall-clock schedules an interval runs on absolute time: DST does not move it.
 */
export interface IntervalSchedule {
  intervalMinutes?: number;
  intervalSeconds?: number;
  /** How many successful migrations to keep. Default 10 (Stork). */
  retain?: number;
}

/** Fires every day at `time`, e.g. "10:14PM" or "22:14", in the policy's time zone. */
export interface DailySchedule {
  time: string;
  /** Default 30 (Stork). */
  retain?: number;
}

/** Fires every week on `day` ("Thursday", "thu", any case) at `time`. */
export interface WeeklySchedule {
  day: string;
  time: string;
  /** Default 7 (Stork). */
  retain?: number;
}

/**
 * Fires every month on `date` (1 … 31) at `time`. A month without that date (e.g. 31 in April, 30 in February)
 * fires on its last day instead, so every month fires exactly once. (Stork lets Go roll the date over into the
 * next month, firing 31 → 1 May; Tandem stays in the month.)
 */
export interface MonthlySchedule {
  date: number;
  time: string;
  /** Default 12 (Stork). */
  retain?: number;
}

/**
 * When migrations happen: any combination of the four schedules, each firing on its own. Wall-clock times are
 * read in `timeZone` (an IANA name; default "UTC"; Stork used the clock of the node it ran on).
 */
export interface SchedulePolicy {
  name: string;
  namespace?: string;
  timeZone?: string;
  interval?: IntervalSchedule;
  daily?: DailySchedule;
  weekly?: WeeklySchedule;
  monthly?: MonthlySchedule;
}

export type ScheduleOf<T extends PolicyType> = NonNullable<SchedulePolicy[T]>;
