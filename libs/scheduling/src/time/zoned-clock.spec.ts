import { instantOfWallTime, normalizeTimeZone, utcOffsetAt, wallClockAt } from './zoned-clock';

const at = (iso: string) => new Date(iso).getTime();
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('wall clocks in a time zone', () => {
  it('reads the wall clock and the offset at an instant', () => {
    expect(wallClockAt(at('2026-07-01T12:34:56Z'), 'Europe/Berlin')).toEqual({ year: 2026, month: 7, day: 1, hour: 14, minute: 34, second: 56 });
    expect(utcOffsetAt(at('2026-01-15T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR);
    expect(utcOffsetAt(at('2026-01-15T00:00:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR);
    expect(utcOffsetAt(at('2026-07-15T00:00:00Z'), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(utcOffsetAt(at('1969-12-31T23:59:59.500Z'), 'UTC')).toBe(0);
  });

  it('finds the one instant of an ordinary local time', () => {
    expect(iso(instantOfWallTime({ year: 2026, month: 6, day: 17 }, 22 * 60 + 14, 'America/New_York'))).toBe('2026-06-18T02:14:00.000Z');
  });

  it('resolves a skipped time to the moment the clocks jump (Berlin, 2:00 → 3:00 CEST)', () => {
    expect(iso(instantOfWallTime({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(instantOfWallTime({ year: 2026, month: 3, day: 29 }, 2 * 60, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('resolves a repeated time to its first occurrence (Berlin, 3:00 CEST → 2:00 CET)', () => {
    expect(iso(instantOfWallTime({ year: 2026, month: 10, day: 25 }, 2 * 60 + 30, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('handles Lord Howe Island, whose clocks move by 30 minutes', () => {
    // 2026-10-04: 2:00 → 2:30 (+10:30 → +11:00); 2:15 does not exist.
    expect(iso(instantOfWallTime({ year: 2026, month: 10, day: 4 }, 2 * 60 + 15, 'Australia/Lord_Howe'))).toBe('2026-10-03T15:30:00.000Z');
    // 2026-04-05: 2:00 → 1:30 (+11:00 → +10:30); 1:45 happens twice, the first at +11:00.
    expect(iso(instantOfWallTime({ year: 2026, month: 4, day: 5 }, 1 * 60 + 45, 'Australia/Lord_Howe'))).toBe('2026-04-04T14:45:00.000Z');
  });

  it('handles a zone whose clocks jump at midnight (Santiago, 24:00 → 1:00)', () => {
    expect(iso(instantOfWallTime({ year: 2026, month: 9, day: 6 }, 0, 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(wallClockAt(at('2026-09-06T04:00:00Z'), 'America/Santiago')).toMatchObject({ day: 6, hour: 1, minute: 0 });
  });
});

describe('normalizeTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Australia/Lord_Howe', 'Australia/Lord_Howe'],
  ])('keeps %s as %s', (given, stored) => {
    expect(normalizeTimeZone(given)).toBe(stored);
  });

  it.each(['Mars/Olympus_Mons', '+02:00', '', 'CEST ', 'Europe/Berlin/'])('refuses %j', (given) => {
    expect(normalizeTimeZone(given)).toBeUndefined();
  });
});
