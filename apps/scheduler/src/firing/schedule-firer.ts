import type { DataSource, EntityManager } from 'typeorm';
import type { JsonLogger } from '@tandem/observability';
import { OUTBOX_INSERT_SQL, Outbox, OutgoingMessage } from '@tandem/persistence';
import { intervalMs, type SchedulePolicy } from '@tandem/scheduling';
import { firingLagSeconds, firingFailures, runsFired, runsMissed, runsSkipped } from '../scheduler.metrics';
import { firingState, lastFiredJson, ScheduleRow, toScheduleRecord } from '../store/migration-schedules.store';
import { insertMigrations, NewMigration, scheduleKey, unfinishedMigrations } from '../store/scheduled-migrations.store';
import { databaseNow } from '../store/sql';
import { decideFiring, FireDecision } from './fire-decision';
import { migrationRequested, migrationSkipped, skipMessage } from './firing.messages';

export interface FiringPass {
  /** Schedules claimed (due and not being fired by another replica). */
  claimed: number;
  started: number;
  skipped: number;
}

/** How long a schedule that could not be fired waits before it is tried again. */
const RETRY_AFTER_FAILURE_MS = 60_000;

interface ScheduleUpdate {
  namespace: string;
  name: string;
  lastFired: Record<string, string>;
  nextWakeUp: string | null;
  skipped: number;
  lastSkippedAt: string | null;
  lastSkipMessage: string | null;
  lastError: string | null;
}

/**
 * Fires due schedules. One pass is one transaction: it claims up to `batchSize` due schedules with
 * `FOR UPDATE SKIP LOCKED` (oldest due first), so replicas share the work and never fire the same schedule at once;
 * decides each from the database's clock; inserts the migrations (named after their fire time: a run that was
 * started already is not inserted again), writes their `migration-requested` and `migration-skipped` events to the
 * outbox, and moves each schedule's fire times and next wake-up. Either all of that commits or none of it.
 */
export class ScheduleFirer {
  constructor(
    private readonly opts: {
      db: DataSource;
      outbox: Outbox;
      logger: JsonLogger;
      batchSize: number;
    },
  ) {}

  async fireDue(): Promise<FiringPass> {
    const outcome = await this.opts.db.transaction((m) => this.pass(m));
    if (outcome.messages > 0) this.opts.outbox.written();
    const committedAt = Date.now();
    for (const s of outcome.started) {
      runsFired().inc({ policy_type: s.run.policyType });
      if (s.run.missed > 0) runsMissed().inc({ policy_type: s.run.policyType }, s.run.missed);
      firingLagSeconds().observe({ policy_type: s.run.policyType }, Math.max(0, committedAt - s.run.fireAt.getTime()) / 1000);
    }
    for (const run of outcome.skipped) {
      runsSkipped().inc({ policy_type: run.policyType, reason: 'migration-in-progress' });
      if (run.missed > 0) runsMissed().inc({ policy_type: run.policyType }, run.missed);
    }
    if (outcome.started.length > 0 || outcome.skipped.length > 0) {
      this.opts.logger.debug('schedules fired', { started: outcome.started.map((s) => s.name), skipped: outcome.skipped.length });
    }
    return { claimed: outcome.claimed, started: outcome.started.length, skipped: outcome.skipped.length };
  }

  private async pass(m: EntityManager) {
    const rows: (ScheduleRow & { policy: SchedulePolicy })[] = await m.query(
      `SELECT s.*, p.policy FROM scheduler_migration_schedule s JOIN scheduler_schedule_policy p ON p.name = s.schedule_policy_name
       WHERE s.next_wake_up <= clock_timestamp() ORDER BY s.next_wake_up LIMIT $1 FOR UPDATE OF s SKIP LOCKED`,
      [this.opts.batchSize],
    );
    const empty = { claimed: 0, messages: 0, started: [] as NonNullable<FireDecision['start']>[], skipped: [] as FireDecision['skipped'] };
    if (rows.length === 0) return empty;
    const now = await databaseNow(m);
    const schedules = rows.map((r) => ({ record: toScheduleRecord(r), policy: r.policy }));
    const unfinished = await unfinishedMigrations(m, schedules.map((s) => s.record));

    const migrations: NewMigration[] = [];
    const requested = new Map<string, OutgoingMessage<unknown>>();
    const messages: OutgoingMessage<unknown>[] = [];
    const updates: ScheduleUpdate[] = [];
    const started: { key: string; start: NonNullable<FireDecision['start']> }[] = [];
    const skipped: FireDecision['skipped'] = [];
    for (const { record, policy } of schedules) {
      const ref = { namespace: record.namespace, name: record.name };
      const blocking = unfinished.get(scheduleKey(ref));
      let decision: FireDecision;
      try {
        decision = decideFiring(firingState(record, policy), now, blocking);
      } catch (err) {
        // A stored policy that no longer computes: say so on the schedule and look again later, without holding up the others.
        const reason = `cannot compute its fire times: ${(err as Error).message}; apply its SchedulePolicy "${record.schedulePolicyName}" again`;
        this.opts.logger.error('a schedule could not be fired', { schedule: scheduleKey(ref), reason });
        firingFailures().inc();
        updates.push({
          ...ref,
          lastFired: lastFiredJson(record.lastFired),
          nextWakeUp: new Date(now.getTime() + RETRY_AFTER_FAILURE_MS).toISOString(),
          skipped: 0,
          lastSkippedAt: null,
          lastSkipMessage: null,
          lastError: reason,
        });
        continue;
      }
      if (decision.start) {
        const { run, name, covers } = decision.start;
        migrations.push({
          ...ref,
          name,
          schedule: record.name,
          schedulePolicy: record.schedulePolicyName,
          policyType: run.policyType,
          firedAt: run.fireAt,
          missed: run.missed,
          ...(run.firstMissedAt ? { firstMissedAt: run.firstMissedAt } : {}),
          covers,
        });
        const key = `${ref.namespace}/${name}`;
        requested.set(key, migrationRequested(ref, record.schedulePolicyName, decision.start, record.template, policyIntervalSeconds(policy)));
        started.push({ key, start: decision.start });
      }
      const lastSkip = decision.skipped[decision.skipped.length - 1];
      for (const run of decision.skipped) messages.push(migrationSkipped(ref, run, blocking!));
      skipped.push(...decision.skipped);
      updates.push({
        ...ref,
        lastFired: lastFiredJson(decision.lastFired),
        nextWakeUp: decision.nextWakeUp?.toISOString() ?? null,
        skipped: decision.skipped.length,
        lastSkippedAt: lastSkip ? now.toISOString() : null,
        lastSkipMessage: lastSkip ? skipMessage(ref, lastSkip, blocking!) : null,
        lastError: null,
      });
    }

    const inserted = await insertMigrations(m, migrations);
    for (const [key, message] of requested) {
      if (inserted.has(key)) messages.push(message);
      else this.opts.logger.warn('a run was started before, not starting it again', { migration: key });
    }
    await this.writeUpdates(m, updates);
    const rowsOut = this.opts.outbox.rows(messages, now);
    if (rowsOut.length > 0) await m.query(OUTBOX_INSERT_SQL('$1'), [JSON.stringify(rowsOut)]);
    return {
      claimed: rows.length,
      messages: rowsOut.length,
      started: started.filter((s) => inserted.has(s.key)).map((s) => s.start),
      skipped,
    };
  }

  private async writeUpdates(m: EntityManager, updates: readonly ScheduleUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await m.query(
      `UPDATE scheduler_migration_schedule s SET
         last_fired = x."lastFired", next_wake_up = x."nextWakeUp", skipped_runs = s.skipped_runs + x.skipped,
         last_skipped_at = COALESCE(x."lastSkippedAt", s.last_skipped_at), last_skip_message = COALESCE(x."lastSkipMessage", s.last_skip_message),
         last_error = x."lastError", updated_at = clock_timestamp()
       FROM jsonb_to_recordset($1::jsonb) AS x(namespace text, name text, "lastFired" jsonb, "nextWakeUp" timestamptz, skipped integer,
         "lastSkippedAt" timestamptz, "lastSkipMessage" text, "lastError" text)
       WHERE s.namespace = x.namespace AND s.name = x.name`,
      [JSON.stringify(updates)],
    );
  }
}

/** The policy's interval in seconds, when it has an interval schedule. */
function policyIntervalSeconds(policy: SchedulePolicy): number | undefined {
  return policy.interval ? Math.max(1, Math.round(intervalMs(policy.interval) / 1000)) : undefined;
}
