import { civilDateAt, utcOffsetAt, wallClockAt } from '../time/zoned-clock';
import { epochDayOf, weekdayOf } from '../time/civil-date';
import { parseTimeOfDay } from '../time/time-of-day';
import { SchedulePolicy } from '../policy/schedule-policy.model';
import { aPolicy, seededRandom } from '../testing/scheduling.fixture';
import { nextFireTimes } from './next-fire-times';

// Properties of fire-time computation over two years, for zones with a one-hour DST (Berlin, New York), none
// (Kolkata, +05:30) and a half-hour DST (Lord Howe Island). Random instants come from a seeded generator, so a
// failure repeats. The oracle is independent of the implementation: it walks the wall clock minute by minute.

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
/** Times that fall in skipped or repeated hours in some of the zones, and ordinary ones. */
const TIMES = ['2:30AM', '1:30AM', '2:15AM', '1:45AM', '12:00AM', '11:59PM', '10:14PM'];
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2028-01-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const daily = (timeZone: string, time: string): SchedulePolicy => aPolicy({ timeZone, daily: { time } });
const minuteOf = (time: string) => {
  const t = parseTimeOfDay(time)!;
  return t.hour * 60 + t.minute;
};
const localDay = (ms: number, timeZone: string) => epochDayOf(civilDateAt(ms, timeZone));
const localMinute = (ms: number, timeZone: string) => {
  const w = wallClockAt(ms, timeZone);
  return w.hour * 60 + w.minute;
};

/** Instants at which a zone's UTC offset changes within [FROM, TO), found by bisection. */
function transitions(timeZone: string): number[] {
  const out: number[] = [];
  for (let t = FROM; t < TO; t += DAY) {
    if (utcOffsetAt(t, timeZone) === utcOffsetAt(t + DAY, timeZone)) continue;
    let lo = t;
    let hi = t + DAY;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (utcOffsetAt(mid, timeZone) === utcOffsetAt(t, timeZone)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}

/**
 * The daily fire after `after` by walking minutes: the clock fires when its wall time crosses the target (reaches
 * it or jumps over it) on a local day it has not fired yet. A repeated time repeats within the hour, so starting two
 * hours early tells whether it already fired.
 */
function oracleDaily(after: number, timeZone: string, target: number): number {
  const fired = new Set<number>();
  const wall = (ms: number) => {
    const w = wallClockAt(ms, timeZone);
    return { day: epochDayOf(w), minute: w.hour * 60 + w.minute };
  };
  let t = Math.floor((after - 2 * HOUR) / MINUTE) * MINUTE;
  let previous = wall(t);
  for (;;) {
    t += MINUTE;
    const now = wall(t);
    const crossed = now.minute >= target && (previous.day < now.day || previous.minute < target);
    if (crossed && !fired.has(now.day)) {
      fired.add(now.day);
      if (t > after) return t;
    }
    previous = now;
  }
}

describe('fire times, property-based over two years', () => {
  it.each(ZONES)('daily in %s: the next fire is after `after` and is the one the wall clock says', (timeZone) => {
    const random = seededRandom(timeZone.length * 7919);
    const nearChanges = transitions(timeZone);
    for (const time of TIMES) {
      const policy = daily(timeZone, time);
      const instants = [
        ...Array.from({ length: 6 }, () => FROM + Math.floor(random() * (TO - FROM))),
        // around each clock change, where the mistakes are
        ...nearChanges.map((c) => c + Math.floor((random() - 0.5) * 6 * HOUR)),
      ];
      for (const after of instants) {
        const next = nextFireTimes(policy, new Date(after)).daily!.getTime();
        expect(next).toBeGreaterThan(after);
        expect({ timeZone, time, after: new Date(after).toISOString(), next: new Date(next).toISOString() }).toEqual({
          timeZone,
          time,
          after: new Date(after).toISOString(),
          next: new Date(oracleDaily(after, timeZone, minuteOf(time))).toISOString(),
        });
      }
    }
  });

  it.each(ZONES)('daily in %s: one fire per local day, 24 h apart except across a clock change', (timeZone) => {
    for (const time of TIMES) {
      const policy = daily(timeZone, time);
      const target = minuteOf(time);
      let fire = nextFireTimes(policy, new Date(FROM)).daily!.getTime();
      let count = 0;
      while (fire < TO) {
        const next = nextFireTimes(policy, new Date(fire)).daily!.getTime();
        // Neither skipped nor doubled: consecutive fires are on consecutive local days.
        expect(localDay(next, timeZone) - localDay(fire, timeZone)).toBe(1);
        const change = utcOffsetAt(next, timeZone) - utcOffsetAt(fire, timeZone);
        const shifted = localMinute(fire, timeZone) !== target || localMinute(next, timeZone) !== target;
        if (change === 0 && !shifted) expect(next - fire).toBe(DAY);
        else expect(Math.abs(next - fire - DAY)).toBeLessThanOrEqual(HOUR);
        // A fire not at the target time is at the end of a gap: the clock jumped over the target just before.
        if (localMinute(next, timeZone) !== target) {
          expect(localMinute(next, timeZone)).toBeGreaterThan(target);
          expect(localMinute(next - MINUTE, timeZone)).toBeLessThan(target);
        }
        fire = next;
        count++;
      }
      expect(count).toBeGreaterThanOrEqual(729);
      expect(count).toBeLessThanOrEqual(731);
    }
  });

  it.each(ZONES)('weekly in %s: lands on the right local weekday, within a week, with no weekday skipped', (timeZone) => {
    const random = seededRandom(timeZone.length * 104_729);
    for (const [day, weekday] of [['Thursday', 4], ['sun', 0], ['SAT', 6]] as const) {
      const policy = aPolicy({ timeZone, weekly: { day, time: '2:30AM' } });
      for (let i = 0; i < 40; i++) {
        const after = FROM + Math.floor(random() * (TO - FROM));
        const next = nextFireTimes(policy, new Date(after)).weekly!.getTime();
        expect(next).toBeGreaterThan(after);
        expect(next - after).toBeLessThanOrEqual(7 * DAY + HOUR);
        expect(weekdayOf(localDay(next, timeZone))).toBe(weekday);
        // The previous fire is at or before `after`: nothing in between was skipped.
        const previousDay = localDay(next, timeZone) - 7;
        const previous = nextFireTimes(policy, new Date(next - 7 * DAY - 2 * HOUR)).weekly!.getTime();
        expect(localDay(previous, timeZone)).toBe(previousDay);
        expect(previous).toBeLessThanOrEqual(after);
      }
    }
  });

  it.each(ZONES)('monthly in %s: every month exactly once, on the date or the last day of a shorter month', (timeZone) => {
    for (const date of [1, 14, 29, 31]) {
      const policy = aPolicy({ timeZone, monthly: { date, time: '8:05PM' } });
      let fire = nextFireTimes(policy, new Date(FROM)).monthly!.getTime();
      let months = 0;
      while (fire < TO) {
        const local = civilDateAt(fire, timeZone);
        const lastDay = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
        expect(local.day).toBe(Math.min(date, lastDay));
        expect(localMinute(fire, timeZone)).toBe(20 * 60 + 5);
        const next = nextFireTimes(policy, new Date(fire)).monthly!.getTime();
        const nextLocal = civilDateAt(next, timeZone);
        expect(nextLocal.year * 12 + nextLocal.month - (local.year * 12 + local.month)).toBe(1);
        fire = next;
        months++;
      }
      expect(months).toBe(24);
    }
  });

  it('interval: the next fire is on the anchor grid, after `after` and at most one interval later', () => {
    const random = seededRandom(42);
    const intervals = [
      { step: 1000, interval: { intervalSeconds: 1 } },
      { step: 7000, interval: { intervalSeconds: 7 } },
      { step: MINUTE, interval: { intervalMinutes: 1 } },
      { step: 45 * MINUTE, interval: { intervalMinutes: 45 } },
      { step: DAY, interval: { intervalMinutes: 1440 } },
    ];
    for (const { step, interval } of intervals) {
      const anchor = FROM + Math.floor(random() * DAY);
      const policy = aPolicy({ timeZone: 'Australia/Lord_Howe', interval });
      for (let i = 0; i < 200; i++) {
        const after = FROM + Math.floor(random() * (TO - FROM));
        const next = nextFireTimes(policy, new Date(after), new Date(anchor)).interval!.getTime();
        expect(next).toBeGreaterThan(after);
        expect(next - after).toBeLessThanOrEqual(step);
        expect(Math.abs((next - anchor) % step)).toBe(0);
      }
    }
  });

  it.each(ZONES)('every schedule in %s: asking just before a fire gives that fire, asking at it gives a later one', (timeZone) => {
    const random = seededRandom(7);
    const policy = aPolicy({
      timeZone,
      daily: { time: '2:30AM' },
      weekly: { day: 'sun', time: '1:45AM' },
      monthly: { date: 31, time: '12:00AM' },
    });
    for (let i = 0; i < 40; i++) {
      const after = new Date(FROM + Math.floor(random() * (TO - FROM)));
      for (const [type, fire] of Object.entries(nextFireTimes(policy, after))) {
        const key = type as 'daily' | 'weekly' | 'monthly';
        expect(nextFireTimes(policy, new Date(fire.getTime() - 1))[key]).toEqual(fire);
        expect(nextFireTimes(policy, fire)[key]!.getTime()).toBeGreaterThan(fire.getTime());
      }
    }
  });
});
