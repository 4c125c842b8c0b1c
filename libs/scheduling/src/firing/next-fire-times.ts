import { PolicyType } from '../policy/policy-type';
import { policyTypesOf } from '../policy/schedule-policy.defaults';
import { SchedulePolicy } from '../policy/schedule-policy.model';
import { fireAfter } from './fire-calendar';
import { validInstant } from '../time/instant';
import { calendarFor, EPOCH_ANCHOR } from './policy-calendars';

/** The next fire time of each schedule a policy holds. */
export type NextFireTimes = Partial<Record<PolicyType, Date>>;

/**
 * For each schedule of the policy, its first fire time strictly after `after`, in the policy's time zone and
 * correct across DST changes: a time the clocks skip that night fires at the first instant after the gap (2:30
 * on a night that jumps from 2:00 to 3:00 fires at 3:00); a time the clocks repeat fires once, the first time.
 * Interval fires are `anchor + k × interval` (anchor: the epoch unless given, e.g. the schedule's creation time).
 * A pure function of (policy, after, anchor). Throws InvalidInputError for a policy that does not validate.
 */
export function nextFireTimes(policy: SchedulePolicy, after: Date, anchor: Date = EPOCH_ANCHOR): NextFireTimes {
  const afterMs = validInstant(after, 'after');
  const out: NextFireTimes = {};
  for (const type of policyTypesOf(policy)) {
    const calendar = calendarFor(policy, type, anchor);
    if (calendar) out[type] = new Date(fireAfter(calendar, afterMs));
  }
  return out;
}

/** The earliest of a policy's next fire times: when a scheduler has to look at this schedule again. */
export function nextWakeUp(policy: SchedulePolicy, after: Date, anchor: Date = EPOCH_ANCHOR): Date | undefined {
  const times = Object.values(nextFireTimes(policy, after, anchor)).map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}
