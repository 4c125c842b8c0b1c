import type { EntityManager } from 'typeorm';
import type { MigrationTemplate } from '@tandem/contracts';
import type { MigrationSchedule as MigrationScheduleResource, ResourceProblem } from '@tandem/resources';
import type { SchedulePolicy } from '@tandem/scheduling';
import { wakeUpFrom } from '../firing/fire-decision';
import { findSchedule, firingState, insertSchedule, listSchedules, setNextWakeUp, updateSchedule } from '../store/migration-schedules.store';
import { ApplyAction, policiesNamed, somePolicyNames, upsertPolicy } from '../store/schedule-policies.store';
import { canonicalJson, databaseNow } from '../store/sql';
import { placed, ResourcesToApply } from './check-resources';

export interface Applied {
  kind: 'SchedulePolicy' | 'MigrationSchedule';
  name: string;
  namespace?: string;
  action: ApplyAction;
}

export type ApplyOutcome = { ok: true; applied: Applied[] } | { ok: false; problems: ResourceProblem[] };

/**
 * Creates or updates (apply) the checked policies and schedules, all in the caller's transaction: policies first,
 * then schedules, whose policy must exist (in this request or before). A new schedule's anchor is now (the database's
 * clock); an updated one keeps its anchor and the fire times acted on. `suspend` in the document suspends or resumes.
 */
export async function applyResources(m: EntityManager, checked: ResourcesToApply): Promise<ApplyOutcome> {
  const requested = new Map(checked.policies.map((p) => [p.policy.name, p.policy]));
  const stored = await policiesNamed(m, checked.schedules.map((s) => s.resource.schedulePolicyName).filter((n) => !requested.has(n)), { share: true });
  const policyOf = (name: string): SchedulePolicy | undefined => requested.get(name) ?? stored.get(name)?.policy;
  const problems: ResourceProblem[] = [];
  for (const s of checked.schedules) {
    const name = s.resource.schedulePolicyName;
    if (policyOf(name)) continue;
    const existing = await somePolicyNames(m);
    problems.push(
      placed(
        {
          kind: 'MigrationSchedule',
          name: s.resource.metadata.name,
          path: 'spec.schedulePolicyName',
          message: `SchedulePolicy "${name}" does not exist`,
          fix:
            `apply the SchedulePolicy "${name}" first or in the same request, or name an existing one` +
            (existing.length > 0 ? ` (${existing.map((n) => `"${n}"`).join(', ')})` : ' (there are none yet)'),
        },
        s,
      ),
    );
  }
  if (problems.length > 0) return { ok: false, problems };

  const now = await databaseNow(m);
  const applied: Applied[] = [];
  for (const p of checked.policies) {
    const action = await upsertPolicy(m, p.resource, p.policy);
    applied.push({ kind: 'SchedulePolicy', name: p.policy.name, ...(p.resource.metadata.namespace ? { namespace: p.resource.metadata.namespace } : {}), action });
    if (action === 'configured') await rescheduleUsers(m, p.policy, now);
  }
  for (const s of checked.schedules) {
    const action = await applySchedule(m, s.resource, templateOf(s.resource), policyOf(s.resource.schedulePolicyName)!, now);
    applied.push({ kind: 'MigrationSchedule', name: s.resource.metadata.name, namespace: s.resource.metadata.namespace!, action });
  }
  return { ok: true, applied };
}

/** A changed policy moves the next wake-up of every running schedule that uses it. */
async function rescheduleUsers(m: EntityManager, policy: SchedulePolicy, now: Date): Promise<void> {
  for (const s of await listSchedules(m, { policy: policy.name, lock: true })) {
    if (!s.suspended) await setNextWakeUp(m, s, wakeUpFrom(firingState(s, policy), now));
  }
}

async function applySchedule(m: EntityManager, resource: MigrationScheduleResource, template: MigrationTemplate, policy: SchedulePolicy, now: Date): Promise<ApplyAction> {
  const ref = { namespace: resource.metadata.namespace!, name: resource.metadata.name };
  let existing = await findSchedule(m, ref, { lock: true });
  if (!existing) {
    const nextWakeUp = wakeUpFrom({ name: ref.name, policy, anchor: now, lastFired: {} }, now);
    if (await insertSchedule(m, { resource, template, anchor: now, nextWakeUp })) return 'created';
    existing = await findSchedule(m, ref, { lock: true }); // created by a request that committed meanwhile
    if (!existing) throw new Error(`MigrationSchedule ${ref.namespace}/${ref.name} was created and deleted while being applied; apply it again`);
  }
  if (canonicalJson(existing.resource) === canonicalJson(resource) && existing.apiVersion === resource.apiVersion) return 'unchanged';
  const suspended = resource.suspend;
  const resumedAt = existing.suspended && !suspended ? now : existing.resumedAt;
  const suspendedAt = suspended ? (existing.suspended ? existing.suspendedAt : now) : existing.suspendedAt;
  const state = firingState({ ...existing, ...(resumedAt ? { resumedAt } : {}) }, policy);
  await updateSchedule(m, ref, {
    resource,
    template,
    suspended,
    ...(suspendedAt ? { suspendedAt } : {}),
    ...(resumedAt ? { resumedAt } : {}),
    nextWakeUp: suspended ? undefined : wakeUpFrom(state, now),
  });
  return 'configured';
}

/** The template a migration-requested event carries: the schedule's `spec.template.spec`, defaults written out. */
export function templateOf(resource: MigrationScheduleResource): MigrationTemplate {
  const t = resource.template;
  return {
    clusterPair: t.clusterPair,
    namespaces: t.namespaces,
    selectors: t.selectors,
    excludeSelectors: t.excludeSelectors,
    includeResources: t.includeResources,
    includeVolumes: t.includeVolumes,
    startApplications: t.startApplications,
    purgeDeletedResources: t.purgeDeletedResources,
    ...(t.preExecRule ? { preExecRule: t.preExecRule } : {}),
    ...(t.postExecRule ? { postExecRule: t.postExecRule } : {}),
    includeOptionalResourceTypes: t.includeOptionalResourceTypes,
  };
}
