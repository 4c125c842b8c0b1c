import { SchedulePolicy } from '../policy/schedule-policy.model';
import { MigrationRunStatus, ScheduledMigration } from '../migrations/migration-retention';
import { PolicyType } from '../policy/policy-type';

/**
 * The SchedulePolicy of the PX-DR on OpenShift article (shared/reference/px-dr-on-openshift.txt), as a document
 * before validation: every minute, daily at 10:14PM, Thursdays at 10:13PM, the 14th at 8:05PM.
 */
export const articlePolicyDocument = (): Record<string, unknown> => ({
  name: 'sched-policy',
  namespace: 'appns',
  interval: { intervalMinutes: 1 },
  daily: { time: '10:14PM' },
  weekly: { day: 'Thursday', time: '10:13PM' },
  monthly: { date: 14, time: '8:05PM' },
});

/** The article's MigrationSchedule, flattened from its Stork template. */
export const articleMigrationScheduleDocument = (): Record<string, unknown> => ({
  name: 'migrationschedule',
  namespace: 'appns',
  clusterPair: 'dr-site',
  includeResources: true,
  startApplications: false,
  includeVolumes: false,
  namespaces: ['demo'],
  schedulePolicyName: 'sched-policy',
});

/** A policy with only the given schedules (already valid; builders skip validation). */
export const aPolicy = (overrides: Partial<SchedulePolicy> = {}): SchedulePolicy => ({
  name: 'p',
  timeZone: 'UTC',
  ...overrides,
});

let sequence = 0;
export function aMigration(policyType: PolicyType, firedAt: string, status: MigrationRunStatus): ScheduledMigration {
  sequence++;
  return { name: `m-${policyType}-${sequence}`, policyType, firedAt: new Date(firedAt), status };
}

/** Deterministic random numbers (mulberry32), so a failing property test fails the same way every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
