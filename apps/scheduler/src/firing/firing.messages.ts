import { MigrationRequested, MigrationSkipped, MigrationTemplate, ScheduleRef } from '@tandem/contracts';
import type { OutgoingMessage } from '@tandem/persistence';
import type { DueRun, PolicyType } from '@tandem/scheduling';
import { messageId } from './message-id';

/** The event that starts a migration; its id makes a second publication of the same run a no-op. */
export function migrationRequested(
  schedule: ScheduleRef,
  policyName: string,
  start: { name: string; run: DueRun; covers: PolicyType[] },
  template: MigrationTemplate,
  intervalSeconds?: number,
): OutgoingMessage<unknown> {
  const { run } = start;
  return {
    definition: MigrationRequested,
    id: messageId('migration-requested', schedule.namespace, start.name),
    correlationid: messageId('migration', schedule.namespace, start.name),
    subject: `${schedule.namespace}/${start.name}`,
    data: {
      migration: start.name,
      schedule,
      schedulePolicy: policyName,
      policyType: run.policyType,
      firedAt: run.fireAt.toISOString(),
      missed: run.missed,
      ...(run.firstMissedAt ? { firstMissedAt: run.firstMissedAt.toISOString() } : {}),
      covers: start.covers,
      ...(intervalSeconds === undefined ? {} : { intervalSeconds }),
      template,
    },
  };
}

export function skipMessage(schedule: ScheduleRef, run: DueRun, blocking: string): string {
  return (
    `${run.policyType} run of ${schedule.namespace}/${schedule.name} due at ${run.fireAt.toISOString()} was skipped: ` +
    `migration ${blocking} has not finished (a schedule runs one migration at a time)`
  );
}

/** The report of a due run that started nothing. */
export function migrationSkipped(schedule: ScheduleRef, run: DueRun, blocking: string): OutgoingMessage<unknown> {
  return {
    definition: MigrationSkipped,
    id: messageId('migration-skipped', schedule.namespace, schedule.name, run.policyType, String(run.fireAt.getTime())),
    subject: `${schedule.namespace}/${schedule.name}`,
    data: {
      schedule,
      policyType: run.policyType,
      firedAt: run.fireAt.toISOString(),
      missed: run.missed,
      reason: 'migration-in-progress',
      message: skipMessage(schedule, run, blocking),
      blockingMigration: blocking,
    },
  };
}
