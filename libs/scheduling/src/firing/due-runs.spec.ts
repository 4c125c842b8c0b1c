import { validateSchedulePolicy } from '../policy/validate-schedule-policy';
import { SchedulePolicy } from '../policy/schedule-policy.model';
import { aPolicy, articlePolicyDocument } from '../testing/scheduling.fixture';
import { DueRun, dueRuns } from './due-runs';

const d = (iso: string) => new Date(iso);
const shown = (runs: DueRun[]) =>
  runs.map((r) => ({ ...r, fireAt: r.fireAt.toISOString(), ...(r.firstMissedAt ? { firstMissedAt: r.firstMissedAt.toISOString() } : {}) }));

const article = (): SchedulePolicy => {
  const result = validateSchedulePolicy(articlePolicyDocument());
  if (!result.ok) throw new Error('the article policy must validate');
  return result.value;
};
/** Created on Monday 2019-06-17 at 19:00:30 UTC. */
const anchor = d('2019-06-17T19:00:30Z');

describe('dueRuns', () => {
  it('fires an interval schedule at once when it is created, and nothing else yet', () => {
    expect(shown(dueRuns({ policy: article(), anchor, now: anchor }))).toEqual([
      { policyType: 'interval', fireAt: '2019-06-17T19:00:30.000Z', missed: 0 },
    ]);
  });

  it('is due again one interval later, and not before', () => {
    const lastFiredAt = { interval: anchor };
    expect(dueRuns({ policy: article(), anchor, lastFiredAt, now: d('2019-06-17T19:01:29.999Z') })).toEqual([]);
    expect(shown(dueRuns({ policy: article(), anchor, lastFiredAt, now: d('2019-06-17T19:01:30Z') }))).toEqual([
      { policyType: 'interval', fireAt: '2019-06-17T19:01:30.000Z', missed: 0 },
    ]);
  });

  it('collapses the runs missed during downtime into one catch-up run and reports how many were missed', () => {
    const runs = dueRuns({ policy: article(), anchor, lastFiredAt: { interval: anchor }, now: d('2019-06-17T19:10:45Z') });
    expect(shown(runs)).toEqual([
      { policyType: 'interval', fireAt: '2019-06-17T19:10:30.000Z', missed: 9, firstMissedAt: '2019-06-17T19:01:30.000Z' },
    ]);
  });

  it("reports each of the article's schedules on its own when several are due", () => {
    const lastFiredAt = { interval: d('2019-06-20T22:13:30Z'), daily: d('2019-06-17T22:14:00Z') };
    const runs = dueRuns({ policy: article(), anchor, lastFiredAt, now: d('2019-06-21T09:00:00Z') });
    expect(shown(runs)).toEqual([
      { policyType: 'interval', fireAt: '2019-06-21T08:59:30.000Z', missed: 645, firstMissedAt: '2019-06-20T22:14:30.000Z' },
      { policyType: 'daily', fireAt: '2019-06-20T22:14:00.000Z', missed: 2, firstMissedAt: '2019-06-18T22:14:00.000Z' },
      { policyType: 'weekly', fireAt: '2019-06-20T22:13:00.000Z', missed: 0 }, // the first Thursday since creation
    ]);
  });

  it('is not due twice for the same fire time: record fireAt as lastFiredAt', () => {
    const now = d('2019-07-14T20:05:10Z');
    const lastFiredAt = { interval: d('2019-07-14T20:04:30Z'), daily: d('2019-07-13T22:14:00Z'), weekly: d('2019-07-11T22:13:00Z') };
    const [run] = dueRuns({ policy: article(), anchor, lastFiredAt, now });
    expect(shown([run])).toEqual([{ policyType: 'monthly', fireAt: '2019-07-14T20:05:00.000Z', missed: 0 }]);
    expect(dueRuns({ policy: article(), anchor, lastFiredAt: { ...lastFiredAt, monthly: run.fireAt }, now })).toEqual([]);
  });

  it('counts a year of missed monthly runs, and a year of one-second intervals, without walking them', () => {
    const monthly = aPolicy({ monthly: { date: 14, time: '8:05PM' } });
    expect(shown(dueRuns({ policy: monthly, anchor, lastFiredAt: { monthly: d('2019-07-14T20:05:00Z') }, now: d('2020-07-15T00:00:00Z') }))).toEqual([
      { policyType: 'monthly', fireAt: '2020-07-14T20:05:00.000Z', missed: 11, firstMissedAt: '2019-08-14T20:05:00.000Z' },
    ]);
    const fast = aPolicy({ interval: { intervalSeconds: 1 } });
    const [run] = dueRuns({ policy: fast, anchor, lastFiredAt: { interval: anchor }, now: new Date(anchor.getTime() + 365 * 86_400_000) });
    expect(run.missed).toBe(365 * 86_400 - 1);
  });

  it('counts across a DST change the fire times the wall clock had, one per day (Berlin, March 2026)', () => {
    const policy = aPolicy({ timeZone: 'Europe/Berlin', daily: { time: '2:30AM' } });
    const runs = dueRuns({ policy, anchor, lastFiredAt: { daily: d('2026-03-27T01:30:00Z') }, now: d('2026-03-31T12:00:00Z') });
    // 28th 01:30Z, 29th 01:00Z (2:30 skipped → 3:00 CEST), 30th and 31st 00:30Z.
    expect(shown(runs)).toEqual([{ policyType: 'daily', fireAt: '2026-03-31T00:30:00.000Z', missed: 3, firstMissedAt: '2026-03-28T01:30:00.000Z' }]);
  });

  it('after a resume, neither runs nor counts the fire times of the suspension', () => {
    const policy = aPolicy({ interval: { intervalMinutes: 1 } });
    const lastFiredAt = { interval: anchor };
    const resumedAt = d('2019-06-17T19:20:00Z');
    expect(dueRuns({ policy, anchor, lastFiredAt, resumedAt, now: resumedAt })).toEqual([]);
    expect(shown(dueRuns({ policy, anchor, lastFiredAt, resumedAt, now: d('2019-06-17T19:20:30Z') }))).toEqual([
      { policyType: 'interval', fireAt: '2019-06-17T19:20:30.000Z', missed: 0 },
    ]);
    // Without resumedAt the suspension is treated as downtime: one catch-up run.
    expect(dueRuns({ policy, anchor, lastFiredAt, now: resumedAt })[0]).toMatchObject({ missed: 18 });
  });

  it('has nothing due before the anchor, or when the last run is ahead of this clock', () => {
    expect(dueRuns({ policy: article(), anchor, now: d('2019-06-17T19:00:29Z') })).toEqual([]);
    const lastFiredAt = { interval: d('2019-06-17T19:05:30Z') }; // another replica's clock runs ahead
    expect(dueRuns({ policy: aPolicy({ interval: { intervalMinutes: 1 } }), anchor, lastFiredAt, now: d('2019-06-17T19:05:00Z') })).toEqual([]);
  });

  it('is a pure function of its input: replicas asking at the same instant agree', () => {
    const input = { policy: article(), anchor, lastFiredAt: { interval: anchor }, now: d('2019-07-01T00:00:00Z') };
    expect(dueRuns({ ...input })).toEqual(dueRuns({ ...input }));
  });
});
