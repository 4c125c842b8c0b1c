import { PolicyType } from '../policy/policy-type';
import { retainOf } from '../policy/schedule-policy.defaults';
import { SchedulePolicy } from '../policy/schedule-policy.model';
import { assertNever } from '../util/assert-never';

/**
 * The state of a scheduled migration as retention sees it.
 * Pending         created, not started
 * InProgress      running
 * Successful      finished; everything migrated
 * PartialSuccess  finished; some resources or volumes failed
 * Failed          finished; nothing usable
 */
export type MigrationRunStatus = 'Pending' | 'InProgress' | 'Successful' | 'PartialSuccess' | 'Failed';

export interface ScheduledMigration {
  name: string;
  policyType: PolicyType;
  firedAt: Date;
  status: MigrationRunStatus;
}

export interface RetentionDecision<M extends ScheduledMigration> {
  keep: M[];
  delete: M[];
}

/**
 * Which migrations of a schedule to keep and which to delete, per schedule type, with N = that type's `retain`:
 * - Pending and InProgress ones are kept, and do not count;
 * - the newest N Successful ones are kept, older Successful ones deleted;
 * - so the newest Successful one is never deleted (retain is at least 1);
 * - PartialSuccess and Failed ones newer than the newest Successful one are kept (the newest N of them): they
 *   explain what is going wrong now. Older ones were superseded by a success and are deleted, as Stork prunes them.
 * Migrations of a type the policy no longer has are held to that type's default retain.
 * Both lists are newest first (ties by name), so every replica decides the same.
 */
export function migrationsToRetain<M extends ScheduledMigration>(
  existing: readonly M[],
  policy: SchedulePolicy,
): RetentionDecision<M> {
  const sorted = [...existing].sort(
    (a, b) => b.firedAt.getTime() - a.firedAt.getTime() || a.name.localeCompare(b.name),
  );
  const keep: M[] = [];
  const remove: M[] = [];
  const retained = new Map<PolicyType, { successful: number; unsuccessful: number; sawSuccess: boolean }>();
  for (const migration of sorted) {
    const type = migration.policyType;
    const retain = retainOf(policy, type);
    const counts = retained.get(type) ?? { successful: 0, unsuccessful: 0, sawSuccess: false };
    retained.set(type, counts);
    let kept: boolean;
    switch (migration.status) {
      case 'Pending':
      case 'InProgress':
        kept = true;
        break;
      case 'Successful':
        kept = counts.successful < retain;
        counts.successful++;
        counts.sawSuccess = true;
        break;
      case 'PartialSuccess':
      case 'Failed':
        kept = !counts.sawSuccess && counts.unsuccessful < retain;
        counts.unsuccessful++;
        break;
      default:
        return assertNever(migration.status);
    }
    (kept ? keep : remove).push(migration);
  }
  return { keep, delete: remove };
}
