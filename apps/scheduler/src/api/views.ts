import { dueRuns, nextFireTimes, PolicyType, SchedulePolicy } from '@tandem/scheduling';
import { toManifest } from '@tandem/resources';
import type { ScheduleRecord } from '../store/migration-schedules.store';
import type { PolicyRecord } from '../store/schedule-policies.store';
import type { MigrationRecord } from '../store/scheduled-migrations.store';

type Times = Partial<Record<PolicyType, string>>;
const iso = (d: Date | undefined): string | undefined => d?.toISOString();
const times = (t: Partial<Record<PolicyType, Date>>): Times => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.toISOString()]));

export function policyView(p: PolicyRecord, usedBy: number) {
  return {
    name: p.name,
    ...(p.namespace ? { namespace: p.namespace } : {}),
    apiVersion: p.apiVersion,
    /** The policy as it fires: defaults (retain, time zone) written out. */
    policy: p.policy,
    /** The document as applied, for `get -o yaml`. */
    manifest: toManifest(p.resource),
    usedBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function migrationView(m: MigrationRecord) {
  return {
    name: m.name,
    namespace: m.namespace,
    schedule: m.schedule,
    schedulePolicy: m.schedulePolicy,
    policyType: m.policyType,
    firedAt: m.firedAt.toISOString(),
    missed: m.missed,
    ...(m.firstMissedAt ? { firstMissedAt: m.firstMissedAt.toISOString() } : {}),
    covers: m.covers,
    status: m.status,
    ...(m.reason ? { reason: m.reason } : {}),
    createdAt: m.createdAt.toISOString(),
    ...(m.finishedAt ? { finishedAt: m.finishedAt.toISOString() } : {}),
  };
}

/** When each policy type fires next: a run due now counts (it is about to fire); nothing while suspended. */
function nextFires(s: ScheduleRecord, policy: SchedulePolicy, now: Date): Times {
  if (s.suspended) return {};
  const next = times(nextFireTimes(policy, now, s.anchor));
  const due = dueRuns({ policy, anchor: s.anchor, lastFiredAt: s.lastFired, ...(s.resumedAt ? { resumedAt: s.resumedAt } : {}), now });
  for (const run of due) next[run.policyType] = run.fireAt.toISOString();
  return next;
}

export function scheduleView(s: ScheduleRecord, policy: SchedulePolicy | undefined, lastRuns: MigrationRecord[], now: Date) {
  return {
    name: s.name,
    namespace: s.namespace,
    apiVersion: s.apiVersion,
    schedulePolicyName: s.schedulePolicyName,
    template: s.template,
    suspend: s.suspended,
    autoSuspend: s.autoSuspend,
    manifest: toManifest(s.resource),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    status: {
      suspended: s.suspended,
      ...(s.suspendedAt ? { suspendedAt: iso(s.suspendedAt) } : {}),
      ...(s.resumedAt ? { resumedAt: iso(s.resumedAt) } : {}),
      /** Interval fire times are anchor + k × interval. */
      anchor: s.anchor.toISOString(),
      nextFire: policy ? nextFires(s, policy, now) : {},
      lastFired: times(s.lastFired),
      /** The newest migration of each policy type. */
      lastRuns: Object.fromEntries(lastRuns.map((m) => [m.policyType, migrationView(m)])),
      skippedRuns: s.skippedRuns,
      ...(s.lastSkippedAt ? { lastSkippedAt: iso(s.lastSkippedAt), lastSkipMessage: s.lastSkipMessage } : {}),
      ...(s.lastError ? { lastError: s.lastError } : {}),
    },
  };
}
