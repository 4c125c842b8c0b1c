import { InvalidInputError } from '@tandem/contracts';
import { articlePolicyDocument } from '../testing/scheduling.fixture';
import { SchedulingValidationError } from '../validation/scheduling-validation.error';
import { ValidationIssue } from '../validation/validation-issue';
import { parseSchedulePolicy, validateSchedulePolicy } from './validate-schedule-policy';

const issuesOf = (input: unknown): ValidationIssue[] => {
  const result = validateSchedulePolicy(input);
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`);
  return result.issues;
};
const pathsOf = (input: unknown) => issuesOf(input).map((i) => i.path);

describe('validateSchedulePolicy', () => {
  it("accepts the article's policy with all four schedules and writes out Stork's defaults", () => {
    expect(validateSchedulePolicy(articlePolicyDocument())).toEqual({
      ok: true,
      value: {
        name: 'sched-policy',
        namespace: 'appns',
        timeZone: 'UTC',
        interval: { intervalMinutes: 1, retain: 10 },
        daily: { time: '10:14PM', retain: 30 },
        weekly: { day: 'Thursday', time: '10:13PM', retain: 7 },
        monthly: { date: 14, time: '8:05PM', retain: 12 },
      },
    });
  });

  it("accepts Tandem's intervalSeconds, a time zone, 24-hour times and explicit retains", () => {
    const result = validateSchedulePolicy({
      name: 'fast',
      timeZone: 'europe/berlin',
      interval: { intervalSeconds: 5, retain: 3 },
      daily: { time: '22:14', retain: 1 },
      weekly: { day: 'sun', time: '12:00am' },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'fast',
        timeZone: 'Europe/Berlin',
        interval: { intervalSeconds: 5, retain: 3 },
        daily: { time: '22:14', retain: 1 },
        weekly: { day: 'sun', time: '12:00am', retain: 7 },
      },
    });
  });

  it('accepts what a Go client writes for unset fields: retain 0, options null, empty forceFullSnapshotDay', () => {
    const result = validateSchedulePolicy({
      name: 'from-stork',
      interval: { intervalMinutes: 15, retain: 0, options: null },
      daily: { time: '12:00am', retain: 0, options: {}, forceFullSnapshotDay: '' },
      weekly: null,
      monthly: null,
    });
    expect(result).toEqual({
      ok: true,
      value: { name: 'from-stork', timeZone: 'UTC', interval: { intervalMinutes: 15, retain: 10 }, daily: { time: '12:00am', retain: 30 } },
    });
  });

  it('reports every problem at once, each with its field, what is wrong and what to do', () => {
    const issues = issuesOf({
      name: 'Sched_Policy',
      timeZone: 'Mars/Olympus_Mons',
      interval: { intervalMinutes: 0 },
      daily: { time: '25:00' },
      weekly: { day: 'Thorsday', time: '10:13PM', retain: -1 },
      monthly: { date: 32, time: '8:05' + 'XM' },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'name',
      'timeZone',
      'interval.intervalMinutes',
      'daily.time',
      'weekly.day',
      'weekly.retain',
      'monthly.date',
      'monthly.time',
    ]);
    expect(issues.find((i) => i.path === 'daily.time')).toEqual({
      path: 'daily.time',
      problem: '"25:00" is not a time of day.',
      fix: 'write a time of day as Stork does, e.g. "10:14PM" or "8:05am", or in 24-hour form, e.g. "22:14".',
    });
    expect(issues.find((i) => i.path === 'timeZone')?.fix).toMatch(/IANA time zone name, e\.g\. "Europe\/Berlin"/);
    expect(issues.find((i) => i.path === 'monthly.date')?.problem).toBe('expected a whole number from 1 to 31, got 32.');
    expect(issues.find((i) => i.path === 'weekly.retain')?.fix).toMatch(/at least 1 \(leave it out for the default, 7\)/);
  });

  it('names an unknown field and suggests the field meant', () => {
    const issues = issuesOf({ name: 'p', interval: { intervalMinute: 5 }, dialy: { time: '1:00AM' } });
    expect(issues).toContainEqual({ path: 'dialy', problem: 'is not a field Tandem knows here.', fix: 'did you mean "daily"? Rename it.' });
    expect(issues).toContainEqual({
      path: 'interval.intervalMinute',
      problem: 'is not a field Tandem knows here.',
      fix: 'did you mean "intervalMinutes"? Rename it.',
    });
    expect(issues.map((i) => i.path)).toContain('interval.intervalMinutes'); // and the interval is then missing
  });

  it('wants exactly one of intervalMinutes and intervalSeconds', () => {
    expect(issuesOf({ name: 'p', interval: { intervalMinutes: 1, intervalSeconds: 30 } })).toEqual([
      {
        path: 'interval',
        problem: 'has both intervalMinutes and intervalSeconds.',
        fix: 'keep one of them: intervalMinutes (as in Stork) or intervalSeconds (for cycles under a minute).',
      },
    ]);
    expect(pathsOf({ name: 'p', interval: {} })).toEqual(['interval.intervalMinutes']);
    expect(pathsOf({ name: 'p', interval: { intervalSeconds: 0.5 } })).toEqual(['interval.intervalSeconds']);
  });

  it('wants a name and at least one schedule', () => {
    expect(issuesOf({})).toEqual([
      { path: 'name', problem: 'is missing.', fix: 'name the policy, e.g. "sched-policy".' },
      {
        path: '',
        problem: 'has no schedule, so it would never fire.',
        fix: 'add at least one of interval, daily, weekly, monthly, e.g. interval: { intervalMinutes: 15 }.',
      },
    ]);
  });

  it('refuses what is not an object, and schedules that are not objects', () => {
    expect(pathsOf('interval: 5')).toEqual(['']);
    expect(pathsOf(null)).toEqual(['']);
    expect(pathsOf({ name: 'p', daily: '10:14PM' })).toEqual(['daily']);
  });

  it("refuses a Stork driver option Tandem would silently ignore", () => {
    expect(issuesOf({ name: 'p', daily: { time: '1:00AM', options: { 'portworx/snapshot-type': 'cloud' } } })).toEqual([
      {
        path: 'daily.options',
        problem: 'is a Stork setting for its storage driver that Tandem does not use (got {"portworx/snapshot-type":"cloud"}).',
        fix: 'remove it.',
      },
    ]);
  });

  it('parseSchedulePolicy throws an InvalidInputError that names the policy and lists the problems', () => {
    const parse = () => parseSchedulePolicy({ name: 'nightly', daily: { time: '25:00' }, weekly: { day: 'someday', time: '1:00AM' } });
    expect(parse).toThrow(SchedulingValidationError);
    expect(parse).toThrow(InvalidInputError);
    try {
      parse();
    } catch (error) {
      const e = error as SchedulingValidationError;
      expect(e.code).toBe('invalid-schedule-policy');
      expect(e.retryable).toBe(false);
      expect(e.issues).toHaveLength(2);
      expect(e.message).toBe(
        'SchedulePolicy "nightly" is invalid (2 problems):\n' +
          '- daily.time: "25:00" is not a time of day. Fix: write a time of day as Stork does, ' +
          'e.g. "10:14PM" or "8:05am", or in 24-hour form, e.g. "22:14".\n' +
          '- weekly.day: "someday" is not a day of the week. Fix: write a day of the week in English, ' +
          'in full or in 3 letters, e.g. "Thursday" or "thu".',
      );
    }
  });
});
