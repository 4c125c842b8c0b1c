import type { EntityManager } from 'typeorm';
import { DataOf, MigrationEndStatus, MigrationExpired, MigrationFinished } from '@tandem/contracts';
import type { Outbox } from '@tandem/persistence';
import { migrationsToRetain, retainOf, SchedulePolicy } from '@tandem/scheduling';
import { messageId } from '../firing/message-id';
import { deleteMigrations, findMigration, listMigrations, markFinished, MigrationRecord } from '../store/scheduled-migrations.store';

export type FinishOutcome =
  | { outcome: 'finished'; migration: MigrationRecord; expired: MigrationRecord[] }
  | { outcome: 'already-finished' | 'unknown-migration' };

/**
 * Records the end of a migration and applies its schedule's retention, in the caller's transaction (the inbox's):
 * the schedule is locked first (the order firing uses), the migration marked finished once, and the finished
 * migrations beyond the policy's retain deleted, each announced by `migration-expired`.
 */
export async function finishMigration(m: EntityManager, outbox: Outbox, data: DataOf<typeof MigrationFinished>): Promise<FinishOutcome> {
  const ref = { namespace: data.namespace, name: data.migration };
  const known = await findMigration(m, ref);
  if (!known) return { outcome: 'unknown-migration' };
  const [schedule]: { policy: SchedulePolicy }[] = await m.query(
    `SELECT p.policy FROM scheduler_migration_schedule s JOIN scheduler_schedule_policy p ON p.name = s.schedule_policy_name
     WHERE s.namespace = $1 AND s.name = $2 FOR UPDATE OF s`,
    [known.namespace, known.schedule],
  );
  if (!schedule) return { outcome: 'unknown-migration' };
  const finished = await markFinished(m, ref, {
    status: data.status,
    finishedAt: new Date(data.finishedAt),
    ...(data.reason ? { reason: data.reason } : {}),
  });
  if (!finished) return { outcome: 'already-finished' };

  const existing = await listMigrations(m, { namespace: finished.namespace, schedule: finished.schedule });
  const expired = migrationsToRetain(existing, schedule.policy).delete;
  await deleteMigrations(m, finished.namespace, expired.map((e) => e.name));
  await outbox.append(
    m,
    expired.map((e) => ({
      definition: MigrationExpired,
      id: messageId('migration-expired', e.namespace, e.name),
      subject: `${e.namespace}/${e.name}`,
      data: {
        migration: e.name,
        schedule: { namespace: e.namespace, name: e.schedule },
        policyType: e.policyType,
        firedAt: e.firedAt.toISOString(),
        // Retention deletes finished migrations only.
        status: e.status as MigrationEndStatus,
        ...(e.finishedAt ? { finishedAt: e.finishedAt.toISOString() } : {}),
        retain: retainOf(schedule.policy, e.policyType),
      },
    })),
  );
  return { outcome: 'finished', migration: finished, expired };
}
