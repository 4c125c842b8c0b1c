import { normalizeTimeZone } from '../time/zoned-clock';
import { parseTimeOfDay, TIME_OF_DAY_FIX } from '../time/time-of-day';
import { parseWeekday, WEEKDAY_FIX } from '../time/weekday';
import { DocumentReader, fieldPath, Fields } from '../validation/document-reader';
import {
  DNS1123_LABEL_MAX,
  DNS1123_SUBDOMAIN_MAX,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  nameLike,
} from '../validation/kubernetes-names';
import { valueOrThrow } from '../validation/scheduling-validation.error';
import { shown, Validation } from '../validation/validation-issue';
import { POLICY_TYPES, PolicyType } from './policy-type';
import { DEFAULT_RETAIN, DEFAULT_TIME_ZONE } from './schedule-policy.defaults';
import {
  DailySchedule,
  IntervalSchedule,
  MonthlySchedule,
  SchedulePolicy,
  WeeklySchedule,
} from './schedule-policy.model';

const POLICY_FIELDS = ['name', 'namespace', 'timeZone', ...POLICY_TYPES];
/** Stork fields Tandem has no use for; accepted while empty, as Go clients write them. */
const STORK_ONLY_FIELDS = ['options', 'forceFullSnapshotDay'];
const MAX_INTERVAL = 1_000_000_000;
const MAX_RETAIN = 10_000;
const TIME_ZONE_FIX =
  'give an IANA time zone name, e.g. "Europe/Berlin", "America/New_York" or "UTC", or leave it out for UTC.';

/**
 * Checks a SchedulePolicy from an untrusted source and returns it typed, with its defaults written out (time zone,
 * each schedule's retain), or every problem found, each with its field path, what is wrong and what to do.
 * Accepts what Stork accepts (Kitchen times, day names, `retain: 0` meaning the default) plus Tandem's
 * `intervalSeconds`, `timeZone` and 24-hour times.
 */
export function validateSchedulePolicy(input: unknown): Validation<SchedulePolicy> {
  const r = new DocumentReader();
  const doc = r.object(input, '', 'give a SchedulePolicy as an object with a name and at least one schedule.');
  if (!doc) return { ok: false, issues: r.issues };
  r.onlyKnownFields(doc, '', POLICY_FIELDS);

  const name = r.string(doc, 'name', '', { required: true, fix: 'name the policy, e.g. "sched-policy".' });
  if (name !== undefined) {
    const like = nameLike(name, { dots: true, max: DNS1123_SUBDOMAIN_MAX });
    r.check('name', name, dns1123SubdomainProblem, `rename it, e.g. "${like}".`);
  }
  const namespace = r.string(doc, 'namespace', '', {
    required: false,
    fix: 'give a namespace, e.g. "appns", or leave it out.',
  });
  if (namespace !== undefined) {
    const like = nameLike(namespace, { dots: false, max: DNS1123_LABEL_MAX });
    r.check('namespace', namespace, dns1123LabelProblem, `use a namespace name, e.g. "${like}".`);
  }

  const policy: SchedulePolicy = { name: name ?? '', timeZone: readTimeZone(r, doc) };
  if (namespace !== undefined) policy.namespace = namespace;
  const interval = present(doc, 'interval') ? readInterval(r, doc.interval) : undefined;
  const daily = present(doc, 'daily') ? readDaily(r, doc.daily) : undefined;
  const weekly = present(doc, 'weekly') ? readWeekly(r, doc.weekly) : undefined;
  const monthly = present(doc, 'monthly') ? readMonthly(r, doc.monthly) : undefined;
  if (interval) policy.interval = interval;
  if (daily) policy.daily = daily;
  if (weekly) policy.weekly = weekly;
  if (monthly) policy.monthly = monthly;

  if (!POLICY_TYPES.some((type) => present(doc, type))) {
    r.report(
      '',
      'has no schedule, so it would never fire.',
      'add at least one of interval, daily, weekly, monthly, e.g. interval: { intervalMinutes: 15 }.',
    );
  }
  return r.issues.length > 0 ? { ok: false, issues: r.issues } : { ok: true, value: policy };
}

/** Like validateSchedulePolicy, but throws a SchedulingValidationError (an InvalidInputError) listing the problems. */
export function parseSchedulePolicy(input: unknown): SchedulePolicy {
  return valueOrThrow('SchedulePolicy', input, validateSchedulePolicy(input));
}

const present = (doc: Fields, key: string) => doc[key] !== undefined && doc[key] !== null;

function readTimeZone(r: DocumentReader, doc: Fields): string {
  const given = r.string(doc, 'timeZone', '', { required: false, fix: TIME_ZONE_FIX });
  if (given === undefined) return DEFAULT_TIME_ZONE;
  const normalized = normalizeTimeZone(given);
  if (normalized === undefined) r.report('timeZone', `"${given}" is not a time zone this system knows.`, TIME_ZONE_FIX);
  return normalized ?? DEFAULT_TIME_ZONE;
}

function readInterval(r: DocumentReader, value: unknown): IntervalSchedule | undefined {
  const fields = r.object(value, 'interval', 'write interval as an object, e.g. interval: { intervalMinutes: 15 }.');
  if (!fields) return undefined;
  r.onlyKnownFields(fields, 'interval', ['intervalMinutes', 'intervalSeconds', 'retain', ...STORK_ONLY_FIELDS]);
  storkOnlyFieldsEmpty(r, fields, 'interval');
  const minutes = r.integer(fields, 'intervalMinutes', 'interval', {
    required: false,
    min: 1,
    max: MAX_INTERVAL,
    fix: 'give the interval in whole minutes, at least 1.',
  });
  const seconds = r.integer(fields, 'intervalSeconds', 'interval', {
    required: false,
    min: 1,
    max: MAX_INTERVAL,
    fix: 'give the interval in whole seconds, at least 1.',
  });
  const retain = readRetain(r, fields, 'interval');
  const hasMinutes = present(fields, 'intervalMinutes');
  const hasSeconds = present(fields, 'intervalSeconds');
  if (hasMinutes && hasSeconds) {
    r.report(
      'interval',
      'has both intervalMinutes and intervalSeconds.',
      'keep one of them: intervalMinutes (as in Stork) or intervalSeconds (for cycles under a minute).',
    );
  } else if (!hasMinutes && !hasSeconds) {
    r.report(
      'interval.intervalMinutes',
      'is missing.',
      'say how often to fire: intervalMinutes (e.g. 15) or intervalSeconds (e.g. 30).',
    );
  }
  const out: IntervalSchedule = { retain };
  if (minutes !== undefined) out.intervalMinutes = minutes;
  if (seconds !== undefined) out.intervalSeconds = seconds;
  return out;
}

function readDaily(r: DocumentReader, value: unknown): DailySchedule | undefined {
  const fields = r.object(value, 'daily', 'write daily as an object, e.g. daily: { time: "10:14PM" }.');
  if (!fields) return undefined;
  r.onlyKnownFields(fields, 'daily', ['time', 'retain', ...STORK_ONLY_FIELDS]);
  storkOnlyFieldsEmpty(r, fields, 'daily');
  return { time: readTime(r, fields, 'daily'), retain: readRetain(r, fields, 'daily') };
}

function readWeekly(r: DocumentReader, value: unknown): WeeklySchedule | undefined {
  const fix = 'write weekly as an object, e.g. weekly: { day: "Thursday", time: "10:13PM" }.';
  const fields = r.object(value, 'weekly', fix);
  if (!fields) return undefined;
  r.onlyKnownFields(fields, 'weekly', ['day', 'time', 'retain', ...STORK_ONLY_FIELDS]);
  storkOnlyFieldsEmpty(r, fields, 'weekly');
  const day = r.string(fields, 'day', 'weekly', { required: true, fix: WEEKDAY_FIX }) ?? '';
  if (day && parseWeekday(day) === undefined) r.report('weekly.day', `"${day}" is not a day of the week.`, WEEKDAY_FIX);
  return { day, time: readTime(r, fields, 'weekly'), retain: readRetain(r, fields, 'weekly') };
}

function readMonthly(r: DocumentReader, value: unknown): MonthlySchedule | undefined {
  const fields = r.object(value, 'monthly', 'write monthly as an object, e.g. monthly: { date: 14, time: "8:05PM" }.');
  if (!fields) return undefined;
  r.onlyKnownFields(fields, 'monthly', ['date', 'time', 'retain', ...STORK_ONLY_FIELDS]);
  storkOnlyFieldsEmpty(r, fields, 'monthly');
  const date = r.integer(fields, 'date', 'monthly', {
    required: true,
    min: 1,
    max: 31,
    fix: 'give the day of the month, 1 to 31 (a month without that date fires on its last day).',
  });
  return { date: date ?? 1, time: readTime(r, fields, 'monthly'), retain: readRetain(r, fields, 'monthly') };
}

function readTime(r: DocumentReader, fields: Fields, type: PolicyType): string {
  const time = r.string(fields, 'time', type, { required: true, fix: TIME_OF_DAY_FIX });
  if (time !== undefined && parseTimeOfDay(time) === undefined) {
    r.report(`${type}.time`, `"${time}" is not a time of day.`, TIME_OF_DAY_FIX);
  }
  return time ?? '';
}

/** `retain`, defaulted; Stork's `retain: 0` (what Go clients write when it is unset) also means the default. */
function readRetain(r: DocumentReader, fields: Fields, type: PolicyType): number {
  const retain = r.integer(fields, 'retain', type, {
    required: false,
    min: 0,
    max: MAX_RETAIN,
    fix:
      'give how many successful migrations to keep, at least 1 ' +
      `(leave it out for the default, ${DEFAULT_RETAIN[type]}).`,
  });
  return retain === undefined || retain === 0 ? DEFAULT_RETAIN[type] : retain;
}

function storkOnlyFieldsEmpty(r: DocumentReader, fields: Fields, path: string): void {
  for (const key of STORK_ONLY_FIELDS) {
    const value = fields[key];
    if (isEmpty(value)) continue;
    r.report(
      fieldPath(path, key),
      `is a Stork setting for its storage driver that Tandem does not use (got ${shown(value)}).`,
      'remove it.',
    );
  }
}

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (typeof value === 'object' && Object.keys(value).length === 0);
