import type { EntityManager } from 'typeorm';
import type { ScheduleRef } from '@tandem/contracts';
import { wakeUpFrom } from '../firing/fire-decision';
import { findSchedule, firingState, ScheduleRecord, updateSchedule } from './migration-schedules.store';
import { policiesNamed } from './schedule-policies.store';
import { databaseNow } from './sql';

/**
 * Suspends or resumes a schedule, in the caller's transaction, waiting for a firing pass that holds it: once this
 * commits, a suspended schedule fires nothing. A resumed one fires at its next fire time; the fire times of the
 * suspension are not counted as missed. Undefined when there is no such schedule; doing it twice changes nothing.
 */
export async function setSuspended(m: EntityManager, ref: ScheduleRef, suspend: boolean): Promise<ScheduleRecord | undefined> {
  const existing = await findSchedule(m, ref, { lock: true });
  if (!existing) return undefined;
  if (existing.suspended === suspend) return existing;
  const now = await databaseNow(m);
  const resource = { ...existing.resource, suspend };
  if (suspend) {
    await updateSchedule(m, ref, { resource, template: existing.template, suspended: true, suspendedAt: now, ...opt('resumedAt', existing.resumedAt), nextWakeUp: undefined });
  } else {
    const policy = (await policiesNamed(m, [existing.schedulePolicyName])).get(existing.schedulePolicyName)!.policy;
    const nextWakeUp = wakeUpFrom(firingState({ ...existing, resumedAt: now }, policy), now);
    await updateSchedule(m, ref, { resource, template: existing.template, suspended: false, ...opt('suspendedAt', existing.suspendedAt), resumedAt: now, nextWakeUp });
  }
  return findSchedule(m, ref);
}

const opt = <K extends string>(key: K, value: Date | undefined): { [P in K]?: Date } => (value ? { [key]: value } : {}) as { [P in K]?: Date };
