import {
  DailyPolicyValues,
  IntervalPolicyValues,
  MonthlyPolicyValues,
  SchedulePolicyValues,
  WeeklyPolicyValues,
} from '../model/schedule-policy.model';
import { ObjectReader } from '../problems/object-reader';

const TIME = { example: '"10:14PM"' };
const POLICY_TYPES = 'interval, daily, weekly or monthly';

/**
 * Stork's top-level `policy:`. Only the shape is checked here (numbers are whole numbers, times and days are
 * strings, no unknown fields, the fields each policy type needs are there); what the values mean — ranges, time
 * formats, day names, intervalMinutes against intervalSeconds — is the scheduling lib's to check.
 */
export function readSchedulePolicy(root: ObjectReader): SchedulePolicyValues | undefined {
  if (root.has('spec') && !root.has('policy')) {
    root.findings.problem(root.path('spec'), 'a SchedulePolicy has no spec', `move the schedule to a top-level policy: (with ${POLICY_TYPES} under it), as Stork does`);
    return undefined;
  }
  const policy = root.child('policy', 'a schedule policy', { required: true, example: '{interval: {intervalMinutes: 15}}' });
  if (!policy) return undefined;
  const before = root.findings.problems.length;
  const interval = readInterval(policy.child('interval', 'an interval policy'));
  const daily = readDaily(policy.child('daily', 'a daily policy'));
  const weekly = readWeekly(policy.child('weekly', 'a weekly policy'));
  const monthly = readMonthly(policy.child('monthly', 'a monthly policy'));
  const timeZone = policy.string('timeZone', { example: 'Europe/Berlin' });
  if (!['interval', 'daily', 'weekly', 'monthly'].some((type) => policy.has(type))) {
    root.findings.problem(root.path('policy'), 'the policy has no schedule', `add at least one of ${POLICY_TYPES}, e.g. interval: {intervalMinutes: 15}`);
  }
  policy.finish();
  if (root.findings.problems.length > before) return undefined;
  return compact({ interval, daily, weekly, monthly, timeZone });
}

function readInterval(r: ObjectReader | undefined): IntervalPolicyValues | undefined {
  if (!r) return undefined;
  const intervalMinutes = r.integer('intervalMinutes', { example: '15' });
  const intervalSeconds = r.integer('intervalSeconds', { example: '30' });
  if (!r.has('intervalMinutes') && !r.has('intervalSeconds')) r.missing('intervalMinutes', '15');
  const values = compact({ intervalMinutes, intervalSeconds, retain: r.integer('retain'), options: r.stringMap('options') });
  r.finish();
  return values;
}

function readDaily(r: ObjectReader | undefined): DailyPolicyValues | undefined {
  if (!r) return undefined;
  const values = compact({
    time: r.string('time', { required: true, ...TIME }),
    retain: r.integer('retain'),
    options: r.stringMap('options'),
    forceFullSnapshotDay: r.string('forceFullSnapshotDay', { example: 'Sunday' }),
  });
  r.finish();
  return values;
}

function readWeekly(r: ObjectReader | undefined): WeeklyPolicyValues | undefined {
  if (!r) return undefined;
  const values = compact({
    day: r.string('day', { required: true, example: 'Thursday' }),
    time: r.string('time', { required: true, ...TIME }),
    retain: r.integer('retain'),
    options: r.stringMap('options'),
  });
  r.finish();
  return values;
}

function readMonthly(r: ObjectReader | undefined): MonthlyPolicyValues | undefined {
  if (!r) return undefined;
  const values = compact({
    date: r.integer('date', { required: true, example: '14' }),
    time: r.string('time', { required: true, ...TIME }),
    retain: r.integer('retain'),
    options: r.stringMap('options'),
  });
  r.finish();
  return values;
}

/** Drops the absent fields, so that a model holds only what was written. */
function compact<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}
