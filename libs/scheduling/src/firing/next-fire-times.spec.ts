import { InvalidInputError } from '@tandem/contracts';
import { validateSchedulePolicy } from '../policy/validate-schedule-policy';
import { SchedulePolicy } from '../policy/schedule-policy.model';
import { aPolicy, articlePolicyDocument } from '../testing/scheduling.fixture';
import { nextFireTimes, nextWakeUp } from './next-fire-times';

const d = (iso: string) => new Date(iso);
const isoOf = (times: Partial<Record<string, Date>>) => Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v?.toISOString()]));

function articlePolicy(timeZone?: string): SchedulePolicy {
  const result = validateSchedulePolicy({ ...articlePolicyDocument(), ...(timeZone ? { timeZone } : {}) });
  if (!result.ok) throw new Error('the article policy must validate');
  return result.value;
}

describe('nextFireTimes', () => {
  it("gives each of the article policy's four schedules its own next fire time", () => {
    // Monday 2019-06-17 19:01:18 UTC, the instant of Stork's example migration name.
    expect(isoOf(nextFireTimes(articlePolicy(), d('2019-06-17T19:01:18Z')))).toEqual({
      interval: '2019-06-17T19:02:00.000Z',
      daily: '2019-06-17T22:14:00.000Z',
      weekly: '2019-06-20T22:13:00.000Z', // the Thursday
      monthly: '2019-07-14T20:05:00.000Z', // the 14th of June has passed
    });
  });

  it('reads the times in the policy time zone', () => {
    expect(isoOf(nextFireTimes(articlePolicy('Asia/Kolkata'), d('2019-06-17T12:00:00Z')))).toEqual({
      interval: '2019-06-17T12:01:00.000Z',
      daily: '2019-06-17T16:44:00.000Z', // 22:14 IST = 16:44 UTC
      weekly: '2019-06-20T16:43:00.000Z',
      monthly: '2019-07-14T14:35:00.000Z',
    });
  });

  it('is strictly after: a fire time passed as `after` gives the following one', () => {
    const policy = articlePolicy();
    expect(isoOf(nextFireTimes(policy, d('2019-06-17T22:14:00Z'))).daily).toBe('2019-06-18T22:14:00.000Z');
    expect(isoOf(nextFireTimes(policy, d('2019-06-20T22:13:00Z'))).weekly).toBe('2019-06-27T22:13:00.000Z');
    expect(isoOf(nextFireTimes(policy, d('2019-06-17T22:13:59.999Z'))).daily).toBe('2019-06-17T22:14:00.000Z');
  });

  it('fires a time the clocks skip at the first instant after the gap (Berlin, 29 March 2026)', () => {
    const policy = aPolicy({ timeZone: 'Europe/Berlin', daily: { time: '2:30AM' } });
    const first = nextFireTimes(policy, d('2026-03-28T12:00:00Z')).daily!;
    expect(first.toISOString()).toBe('2026-03-29T01:00:00.000Z'); // 3:00 CEST, the moment 2:00 became 3:00
    expect(nextFireTimes(policy, first).daily!.toISOString()).toBe('2026-03-30T00:30:00.000Z'); // 2:30 CEST
  });

  it('fires a time the clocks repeat once, the first time (Berlin, 25 October 2026)', () => {
    const policy = aPolicy({ timeZone: 'Europe/Berlin', daily: { time: '2:30AM' } });
    const first = nextFireTimes(policy, d('2026-10-24T12:00:00Z')).daily!;
    expect(first.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 2:30 CEST
    // Not again at 2:30 CET (01:30 UTC) the same night.
    expect(nextFireTimes(policy, first).daily!.toISOString()).toBe('2026-10-26T01:30:00.000Z');
    expect(nextFireTimes(policy, d('2026-10-25T01:00:00Z')).daily!.toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });

  it('fires on the last day of a month that lacks the date', () => {
    const policy = aPolicy({ monthly: { date: 31, time: '23:00' } });
    const fires: string[] = [];
    let after = d('2027-01-01T00:00:00Z');
    for (let i = 0; i < 14; i++) {
      after = nextFireTimes(policy, after).monthly!;
      fires.push(after.toISOString().slice(0, 10));
    }
    expect(fires).toEqual([
      '2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30', '2027-07-31',
      '2027-08-31', '2027-09-30', '2027-10-31', '2027-11-30', '2027-12-31', '2028-01-31', '2028-02-29',
    ]);
  });

  it('runs intervals on a fixed grid from the anchor, in absolute time that DST does not move', () => {
    const policy = aPolicy({ timeZone: 'Europe/Berlin', interval: { intervalMinutes: 15 } });
    const anchor = d('2026-01-01T00:00:07.250Z');
    expect(nextFireTimes(policy, d('2026-03-29T00:55:00Z'), anchor).interval!.toISOString()).toBe('2026-03-29T01:00:07.250Z');
    expect(nextFireTimes(policy, d('2026-03-29T01:00:07.250Z'), anchor).interval!.toISOString()).toBe('2026-03-29T01:15:07.250Z');
    expect(nextFireTimes(policy, d('2025-12-31T23:59:59Z'), anchor).interval!.toISOString()).toBe('2026-01-01T00:00:07.250Z');
    // Without an anchor the grid starts at the epoch: whole minutes for a minute interval.
    const everySevenSeconds = aPolicy({ interval: { intervalSeconds: 7 } });
    expect(nextFireTimes(everySevenSeconds, d('1970-01-01T00:00:20Z')).interval!.toISOString()).toBe('1970-01-01T00:00:21.000Z');
  });

  it('gives only the schedules a policy has', () => {
    expect(Object.keys(nextFireTimes(aPolicy({ weekly: { day: 'mon', time: '9:00AM' } }), d('2026-01-01T00:00:00Z')))).toEqual(['weekly']);
    expect(nextFireTimes(aPolicy(), d('2026-01-01T00:00:00Z'))).toEqual({});
  });

  it('nextWakeUp is the earliest of them', () => {
    expect(nextWakeUp(articlePolicy(), d('2019-06-17T19:01:18Z'))?.toISOString()).toBe('2019-06-17T19:02:00.000Z');
    expect(nextWakeUp(aPolicy(), d('2019-06-17T19:01:18Z'))).toBeUndefined();
  });

  it('refuses a policy that was not validated, or an invalid date, with an error saying so', () => {
    expect(() => nextFireTimes(aPolicy({ daily: { time: 'teatime' } }), d('2026-01-01T00:00:00Z'))).toThrow(
      new InvalidInputError('SchedulePolicy "p": daily.time "teatime" is not a time of day. Validate the policy with validateSchedulePolicy first.'),
    );
    const nowhere = aPolicy({ timeZone: 'Nowhere/Land', daily: { time: '1:00AM' } });
    expect(() => nextFireTimes(nowhere, d('2026-01-01T00:00:00Z'))).toThrow(/timeZone "Nowhere\/Land"/);
    expect(() => nextFireTimes(aPolicy({ interval: {} }), d('2026-01-01T00:00:00Z'))).toThrow(InvalidInputError);
    expect(() => nextFireTimes(aPolicy({ daily: { time: '1:00AM' } }), d('not a date'))).toThrow('after is not a valid date: Invalid Date.');
  });
});
