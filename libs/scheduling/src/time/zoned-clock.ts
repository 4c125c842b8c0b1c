import { CivilDate, MS_PER_DAY, MS_PER_MINUTE } from './civil-date';

// Time-zone arithmetic with Intl.DateTimeFormat alone (the IANA database that Node ships with ICU): what a wall
// clock in a zone shows at an instant, and at which instant it shows a given local date and time.

/** What a wall clock shows: a civil date and a time of day. */
export interface WallClock extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Name asked for → name to store, or undefined for an unknown zone (bounded: names come from users). */
const knownNames = new Map<string, string | undefined>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The name of a time zone as it should be stored, or undefined when this Node does not know the zone. The name is
 * kept as given (ICU would turn "Asia/Kolkata" into its old alias "Asia/Calcutta"), only its case fixed when ICU
 * lists it ("europe/berlin" → "Europe/Berlin"). Fixed offsets such as "+02:00" are not IANA names and are refused.
 */
export function normalizeTimeZone(name: string): string | undefined {
  if (knownNames.has(name)) return knownNames.get(name);
  let known: string | undefined;
  try {
    if (/^[A-Za-z]/.test(name)) {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      known = listedSpelling(name) ?? name;
    }
  } catch {
    known = undefined;
  }
  if (knownNames.size < 10_000) knownNames.set(name, known);
  return known;
}

function listedSpelling(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'utc') return 'UTC';
  return Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === lower);
}

/** The wall clock in `timeZone` at the instant `ms` (milliseconds since the epoch; sub-second part dropped). */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        out[part.type] = Number(part.value);
        break;
      default:
        break;
    }
  }
  return out;
}

/** The wall clock read as if it were UTC: a number that orders and subtracts like local time. */
function wallAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at the instant `ms`, in milliseconds (+01:00 → 3,600,000). */
export function utcOffsetAt(ms: number, timeZone: string): number {
  const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
  return wallAsUtc(wallClockAt(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * The instant at which a wall clock in `timeZone` shows `date` at `minuteOfDay` (0 … 1439):
 * - usually exactly one instant;
 * - in a repeated hour (clocks set back) the FIRST of the two, so the time is used once;
 * - in a skipped hour (clocks set forward) the first instant after the gap, i.e. the moment of the change:
 *   2:30 on a night that jumps from 2:00 to 3:00 resolves to 3:00.
 * Assumes the zone changes its offset at most once within a day of that time, which holds for every zone today.
 */
export function instantOfWallTime(date: CivilDate, minuteOfDay: number, timeZone: string): number {
  const local = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MS_PER_MINUTE;
  const offsetBefore = utcOffsetAt(local - MS_PER_DAY, timeZone);
  const offsetAfter = utcOffsetAt(local + MS_PER_DAY, timeZone);
  if (offsetBefore === offsetAfter) return local - offsetBefore; // no change nearby: the common case
  // The offset changes within a day of `local`. Larger offset first: in a repeated time the earlier instant wins.
  for (const offset of [Math.max(offsetBefore, offsetAfter), Math.min(offsetBefore, offsetAfter)]) {
    if (utcOffsetAt(local - offset, timeZone) === offset) return local - offset;
  }
  // A gap: the wall clock jumps over `local`. Search the instant at which it first shows `local` or later.
  let before = Math.floor((local - Math.max(offsetBefore, offsetAfter)) / 1000); // still shows less than `local`
  let after = Math.ceil((local - Math.min(offsetBefore, offsetAfter)) / 1000); // already shows more
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (mid * 1000 + utcOffsetAt(mid * 1000, timeZone) >= local) after = mid;
    else before = mid;
  }
  return after * 1000;
}

/** The civil date a wall clock in `timeZone` shows at the instant `ms`. */
export function civilDateAt(ms: number, timeZone: string): CivilDate {
  const { year, month, day } = wallClockAt(ms, timeZone);
  return { year, month, day };
}
