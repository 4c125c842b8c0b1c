import { InvalidInputError } from '@tandem/contracts';
import { validInstant } from '../time/instant';
import { civilDateAt, instantOfWallTime, normalizeTimeZone } from '../time/zoned-clock';
import { civilDateOf, daysInMonth, epochDayOf, mod, weekdayOf } from '../time/civil-date';
import { minuteOfDay, parseTimeOfDay } from '../time/time-of-day';
import { parseWeekday } from '../time/weekday';
import { PolicyType } from '../policy/policy-type';
import { timeZoneOf } from '../policy/schedule-policy.defaults';
import { IntervalSchedule, SchedulePolicy } from '../policy/schedule-policy.model';
import { assertNever } from '../util/assert-never';
import { FireCalendar } from './fire-calendar';

/**
 * The instant interval schedules count from when none is given: the Unix epoch. Interval fires are
 * `anchor + k × interval` for every whole k, so every replica computes the same instants from the policy and the
 * anchor alone, with no coordination and no memory of earlier fires.
 */
export const EPOCH_ANCHOR = new Date(0);

/** The fire calendar of one schedule of a policy, or undefined when the policy has no schedule of that type. */
export function calendarFor(
  policy: SchedulePolicy,
  type: PolicyType,
  anchor: Date = EPOCH_ANCHOR,
): FireCalendar | undefined {
  const timeZone = normalizeTimeZone(timeZoneOf(policy));
  if (timeZone === undefined) {
    throw unvalidated(policy, `timeZone "${timeZoneOf(policy)}" is not a time zone this system knows`);
  }
  switch (type) {
    case 'interval': {
      const interval = policy.interval;
      return interval && intervalCalendar(interval, validInstant(anchor, 'anchor'));
    }
    case 'daily': {
      const daily = policy.daily;
      return daily && dailyCalendar(timeOf(daily.time, policy, type), timeZone);
    }
    case 'weekly': {
      const weekly = policy.weekly;
      return weekly && weeklyCalendar(dayOf(weekly.day, policy), timeOf(weekly.time, policy, type), timeZone);
    }
    case 'monthly': {
      const monthly = policy.monthly;
      return monthly && monthlyCalendar(monthly.date, timeOf(monthly.time, policy, type), timeZone);
    }
    default:
      return assertNever(type);
  }
}

/** Slot k fires at anchor + k × interval: absolute time, untouched by DST. */
function intervalCalendar(interval: IntervalSchedule, anchor: number): FireCalendar {
  const step = intervalMs(interval);
  return {
    instantAt: (k) => anchor + k * step,
    estimateSlot: (ms) => Math.floor((ms - anchor) / step),
  };
}

/** Slot d is local day d (days since 1970-01-01 on the zone's calendar). */
function dailyCalendar(minute: number, timeZone: string): FireCalendar {
  return {
    instantAt: (day) => instantOfWallTime(civilDateOf(day), minute, timeZone),
    estimateSlot: (ms) => epochDayOf(civilDateAt(ms, timeZone)),
  };
}

/** Slot w is the w-th local day with the right weekday counted from 1970-01-01. */
function weeklyCalendar(weekday: number, minute: number, timeZone: string): FireCalendar {
  const firstDay = mod(weekday - weekdayOf(0), 7);
  return {
    instantAt: (week) => instantOfWallTime(civilDateOf(firstDay + 7 * week), minute, timeZone),
    estimateSlot: (ms) => Math.floor((epochDayOf(civilDateAt(ms, timeZone)) - firstDay) / 7),
  };
}

/** Slot m is month m (year × 12 + month − 1); a date the month lacks becomes its last day. */
function monthlyCalendar(date: number, minute: number, timeZone: string): FireCalendar {
  return {
    instantAt: (m) => {
      const year = Math.floor(m / 12);
      const month = mod(m, 12) + 1;
      return instantOfWallTime({ year, month, day: Math.min(date, daysInMonth(year, month)) }, minute, timeZone);
    },
    estimateSlot: (ms) => {
      const { year, month } = civilDateAt(ms, timeZone);
      return year * 12 + month - 1;
    },
  };
}

/** The period of an interval schedule in milliseconds (e.g. to alert when RPO exceeds twice the interval). */
export function intervalMs(interval: IntervalSchedule): number {
  if (interval.intervalSeconds !== undefined && interval.intervalSeconds >= 1) return interval.intervalSeconds * 1000;
  if (interval.intervalMinutes !== undefined && interval.intervalMinutes >= 1) return interval.intervalMinutes * 60_000;
  throw new InvalidInputError(
    'The interval schedule has neither intervalMinutes nor intervalSeconds of at least 1. ' +
      'Validate the policy with validateSchedulePolicy first.',
    { code: 'invalid-schedule-policy' },
  );
}

function timeOf(text: string, policy: SchedulePolicy, type: PolicyType): number {
  const time = parseTimeOfDay(text);
  if (time === undefined) throw unvalidated(policy, `${type}.time "${text}" is not a time of day`);
  return minuteOfDay(time);
}

function dayOf(text: string, policy: SchedulePolicy): number {
  const day = parseWeekday(text);
  if (day === undefined) throw unvalidated(policy, `weekly.day "${text}" is not a day of the week`);
  return day;
}

const unvalidated = (policy: SchedulePolicy, problem: string) =>
  new InvalidInputError(
    `SchedulePolicy "${policy.name}": ${problem}. Validate the policy with validateSchedulePolicy first.`,
    { code: 'invalid-schedule-policy' },
  );
