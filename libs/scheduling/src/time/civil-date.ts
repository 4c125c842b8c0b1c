// Calendar dates without a time zone ("civil" dates), counted as days since 1970-01-01. Pure arithmetic on the
// proleptic Gregorian calendar, through Date's UTC functions (which have no time zone and no DST).

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  year: number;
  /** 1 to 12. */
  month: number;
  /** 1 to 31. */
  day: number;
}

/** Day of the week, 0 = Sunday … 6 = Saturday (as JavaScript and Go count). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Days since 1970-01-01 (negative before). */
export function epochDayOf(date: CivilDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY);
}

export function civilDateOf(epochDay: number): CivilDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 1970-01-01 was a Thursday. */
export function weekdayOf(epochDay: number): Weekday {
  return mod(epochDay + 4, 7) as Weekday;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
