import { POLICY_TYPES, PolicyType } from './policy-type';
import { SchedulePolicy } from './schedule-policy.model';

export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * How many successful migrations each schedule keeps when `retain` is not given: Stork's defaults
 * (`DefaultIntervalPolicyRetain` … in pkg/apis/stork/v1alpha1/schedulepolicy.go, applied by `GetRetain` in
 * pkg/schedule/schedule.go when retain is 0).
 */
export const DEFAULT_RETAIN: Readonly<Record<PolicyType, number>> = {
  interval: 10,
  daily: 30,
  weekly: 7,
  monthly: 12,
};

/**
 * The `retain` in force for one schedule of a policy: its own, or the default for its type when it has none, has
 * Stork's `retain: 0`, or the policy no longer has that schedule.
 */
export function retainOf(policy: SchedulePolicy, type: PolicyType): number {
  const retain = policy[type]?.retain;
  return retain !== undefined && retain >= 1 ? retain : DEFAULT_RETAIN[type];
}

export const timeZoneOf = (policy: SchedulePolicy): string => policy.timeZone ?? DEFAULT_TIME_ZONE;

/** The schedule types a policy holds, in Stork's order. */
export function policyTypesOf(policy: SchedulePolicy): PolicyType[] {
  return POLICY_TYPES.filter((type) => policy[type] !== undefined);
}
