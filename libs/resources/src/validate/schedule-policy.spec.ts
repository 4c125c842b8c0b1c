import { schedulePolicy } from '../fixtures/builders';
import { problemsOf, valueOf } from '../fixtures/problem-fields';
import { validateSchedulePolicy } from './validators';

describe('validateSchedulePolicy', () => {
  it('keeps the values as written, Tandem\'s intervalSeconds and timeZone included, for the scheduling lib to judge', () => {
    const policy = valueOf(
      validateSchedulePolicy(
        schedulePolicy(
          { interval: { intervalSeconds: 5, retain: 3, options: { tier: 'fast' } }, daily: { time: '2:00AM', forceFullSnapshotDay: 'Sunday' }, timeZone: 'Europe/Berlin' },
          'tandem.dev/v1alpha1',
        ),
      ),
    ).policy;
    expect(policy).toEqual({
      interval: { intervalSeconds: 5, retain: 3, options: { tier: 'fast' } },
      daily: { time: '2:00AM', forceFullSnapshotDay: 'Sunday' },
      timeZone: 'Europe/Berlin',
    });
  });

  it('leaves schedule semantics alone: both interval fields, a 25 PM time, a day called Funday and date 40 all pass here', () => {
    const result = validateSchedulePolicy(
      schedulePolicy({ interval: { intervalMinutes: 1, intervalSeconds: 30 }, daily: { time: '25:99PM' }, weekly: { day: 'Funday', time: 'noon' }, monthly: { date: 40, time: 'x' } }),
    );
    expect(result.ok).toBe(true);
  });

  it('reports wrong types, unknown fields and missing fields, all at once', () => {
    const result = validateSchedulePolicy(
      schedulePolicy({
        interval: { intervalMinutes: '15', retian: 3 },
        daily: { time: 1014 },
        weekly: { time: '10:13PM' },
        monthly: { date: 1.5, time: '8:05PM', retain: 'all' },
        hourly: { minute: 5 },
      }),
    );
    expect(problemsOf(result)).toEqual([
      { path: 'policy.interval.intervalMinutes', message: 'expected a whole number, got "15"', fix: 'remove the quotes: intervalMinutes: 15' },
      { path: 'policy.interval.retian', message: 'unknown field "retian"', fix: 'did you mean retain? (the fields here are intervalMinutes, intervalSeconds, retain, options)' },
      { path: 'policy.daily.time', message: 'expected a string, got 1014', fix: 'quote it: time: "1014"' },
      { path: 'policy.weekly.day', message: 'required field is missing', fix: 'add day: Thursday' },
      { path: 'policy.monthly.date', message: 'expected a whole number, got 1.5', fix: 'write date as a whole number without quotes, e.g. date: 14' },
      { path: 'policy.monthly.retain', message: 'expected a whole number, got "all"', fix: 'write retain as a whole number without quotes, e.g. retain: 1' },
      { path: 'policy.hourly', message: 'unknown field "hourly"', fix: 'remove it; the fields here are interval, daily, weekly, monthly, timeZone' },
    ]);
  });

  it('needs an interval to say how long it is', () => {
    expect(problemsOf(validateSchedulePolicy(schedulePolicy({ interval: { retain: 5 } })))).toEqual([
      { path: 'policy.interval.intervalMinutes', message: 'required field is missing', fix: 'add intervalMinutes: 15' },
    ]);
  });

  it('needs at least one schedule', () => {
    expect(problemsOf(validateSchedulePolicy(schedulePolicy({})))).toEqual([
      { path: 'policy', message: 'the policy has no schedule', fix: 'add at least one of interval, daily, weekly or monthly, e.g. interval: {intervalMinutes: 15}' },
    ]);
  });

  it('points a policy written under spec: at the top-level policy: Stork uses', () => {
    const document = { ...schedulePolicy(undefined), spec: { interval: { intervalMinutes: 15 } } };
    expect(problemsOf(validateSchedulePolicy(document))).toEqual([
      { path: 'spec', message: 'a SchedulePolicy has no spec', fix: 'move the schedule to a top-level policy: (with interval, daily, weekly or monthly under it), as Stork does' },
    ]);
  });

  it('needs the policy', () => {
    expect(problemsOf(validateSchedulePolicy(schedulePolicy(undefined)))).toEqual([
      { path: 'policy', message: 'required field is missing', fix: 'add policy: {interval: {intervalMinutes: 15}}' },
    ]);
  });
});
