import type { MigrationTemplate, ScheduleRef } from '@tandem/contracts';
import type { MigrationSchedule as MigrationScheduleResource } from '@tandem/resources';
import { isPolicyType, PolicyType, SchedulePolicy } from '@tandem/scheduling';
import type { FiringState } from '../firing/fire-decision';
import { returnedRows, Sql } from './sql';

/** A stored MigrationSchedule and where its firing stands. */
export interface ScheduleRecord {
  namespace: string;
  name: string;
  apiVersion: string;
  schedulePolicyName: string;
  template: MigrationTemplate;
  /** The resource as last applied, `suspend` kept equal to `suspended`. */
  resource: MigrationScheduleResource;
  autoSuspend: boolean;
  suspended: boolean;
  suspendedAt?: Date;
  resumedAt?: Date;
  /** Creation time: the interval grid counts from it, and nothing before it is due. */
  anchor: Date;
  /** Per policy type, the fire time last acted on. */
  lastFired: Partial<Record<PolicyType, Date>>;
  /** When the firing loop looks at it next; none while suspended. */
  nextWakeUp?: Date;
  skippedRuns: number;
  lastSkippedAt?: Date;
  lastSkipMessage?: string;
  /** Why the last firing failed, when it did (cleared by the next success). */
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScheduleRow {
  namespace: string;
  name: string;
  api_version: string;
  schedule_policy_name: string;
  template: MigrationTemplate;
  resource: MigrationScheduleResource;
  auto_suspend: boolean;
  suspended: boolean;
  suspended_at: Date | null;
  resumed_at: Date | null;
  anchor: Date;
  last_fired: Record<string, string>;
  next_wake_up: Date | null;
  skipped_runs: number;
  last_skipped_at: Date | null;
  last_skip_message: string | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } =>
  (value === null ? {} : { [key]: value }) as { [P in K]?: V };

export function lastFiredOf(json: Record<string, string>): Partial<Record<PolicyType, Date>> {
  const out: Partial<Record<PolicyType, Date>> = {};
  for (const [type, at] of Object.entries(json)) if (isPolicyType(type)) out[type] = new Date(at);
  return out;
}

export const lastFiredJson = (lastFired: Partial<Record<PolicyType, Date>>): Record<string, string> =>
  Object.fromEntries(Object.entries(lastFired).map(([type, at]) => [type, at.toISOString()]));

export function toScheduleRecord(r: ScheduleRow): ScheduleRecord {
  return {
    namespace: r.namespace,
    name: r.name,
    apiVersion: r.api_version,
    schedulePolicyName: r.schedule_policy_name,
    template: r.template,
    resource: { ...r.resource, suspend: r.suspended },
    autoSuspend: r.auto_suspend,
    suspended: r.suspended,
    ...optional('suspendedAt', r.suspended_at),
    ...optional('resumedAt', r.resumed_at),
    anchor: r.anchor,
    lastFired: lastFiredOf(r.last_fired),
    ...optional('nextWakeUp', r.next_wake_up),
    skippedRuns: r.skipped_runs,
    ...optional('lastSkippedAt', r.last_skipped_at),
    ...optional('lastSkipMessage', r.last_skip_message),
    ...optional('lastError', r.last_error),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What firing needs of a schedule, with its policy. */
export const firingState = (s: Pick<ScheduleRecord, 'name' | 'anchor' | 'resumedAt' | 'lastFired'>, policy: SchedulePolicy): FiringState => ({
  name: s.name,
  policy,
  anchor: s.anchor,
  ...(s.resumedAt ? { resumedAt: s.resumedAt } : {}),
  lastFired: s.lastFired,
});

export async function findSchedule(sql: Sql, ref: ScheduleRef, opts: { lock?: boolean } = {}): Promise<ScheduleRecord | undefined> {
  const rows: ScheduleRow[] = await sql.query(
    `SELECT * FROM scheduler_migration_schedule WHERE namespace = $1 AND name = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [ref.namespace, ref.name],
  );
  return rows[0] && toScheduleRecord(rows[0]);
}

export async function listSchedules(sql: Sql, filter: { namespace?: string; policy?: string; lock?: boolean } = {}): Promise<ScheduleRecord[]> {
  const rows: ScheduleRow[] = await sql.query(
    `SELECT * FROM scheduler_migration_schedule
     WHERE ($1::text IS NULL OR namespace = $1) AND ($2::text IS NULL OR schedule_policy_name = $2)
     ORDER BY namespace, name${filter.lock ? ' FOR UPDATE' : ''}`,
    [filter.namespace ?? null, filter.policy ?? null],
  );
  return rows.map(toScheduleRecord);
}

export interface NewSchedule {
  resource: MigrationScheduleResource;
  template: MigrationTemplate;
  anchor: Date;
  nextWakeUp: Date | undefined;
}

/** Inserts a schedule; false when one of that name exists (another request created it first). */
export async function insertSchedule(sql: Sql, s: NewSchedule): Promise<boolean> {
  const { resource } = s;
  const rows: unknown[] = await sql.query(
    `INSERT INTO scheduler_migration_schedule
       (namespace, name, api_version, schedule_policy_name, template, resource, auto_suspend, suspended, suspended_at, anchor, next_wake_up)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8 THEN $9::timestamptz END, $9, $10)
     ON CONFLICT (namespace, name) DO NOTHING RETURNING name`,
    [
      resource.metadata.namespace,
      resource.metadata.name,
      resource.apiVersion,
      resource.schedulePolicyName,
      JSON.stringify(s.template),
      JSON.stringify(resource),
      resource.autoSuspend,
      resource.suspend,
      s.anchor,
      resource.suspend ? null : (s.nextWakeUp ?? null),
    ],
  );
  return rows.length === 1;
}

export interface ScheduleChange {
  resource: MigrationScheduleResource;
  template: MigrationTemplate;
  suspended: boolean;
  suspendedAt?: Date;
  resumedAt?: Date;
  nextWakeUp: Date | undefined;
}

/** Writes a new version of a schedule (its anchor and the fire times acted on stay). */
export async function updateSchedule(sql: Sql, ref: ScheduleRef, c: ScheduleChange): Promise<void> {
  await sql.query(
    `UPDATE scheduler_migration_schedule SET api_version = $3, schedule_policy_name = $4, template = $5, resource = $6,
       auto_suspend = $7, suspended = $8, suspended_at = $9, resumed_at = $10, next_wake_up = $11, last_error = NULL,
       updated_at = clock_timestamp()
     WHERE namespace = $1 AND name = $2`,
    [
      ref.namespace,
      ref.name,
      c.resource.apiVersion,
      c.resource.schedulePolicyName,
      JSON.stringify(c.template),
      JSON.stringify({ ...c.resource, suspend: c.suspended }),
      c.resource.autoSuspend,
      c.suspended,
      c.suspendedAt ?? null,
      c.resumedAt ?? null,
      c.suspended ? null : (c.nextWakeUp ?? null),
    ],
  );
}

/** Moves when a schedule is looked at next (after its policy changed). */
export async function setNextWakeUp(sql: Sql, ref: ScheduleRef, nextWakeUp: Date | undefined): Promise<void> {
  await sql.query(
    `UPDATE scheduler_migration_schedule SET next_wake_up = $3, updated_at = clock_timestamp() WHERE namespace = $1 AND name = $2 AND NOT suspended`,
    [ref.namespace, ref.name, nextWakeUp ?? null],
  );
}

export async function deleteSchedule(sql: Sql, ref: ScheduleRef): Promise<boolean> {
  return returnedRows(await sql.query(`DELETE FROM scheduler_migration_schedule WHERE namespace = $1 AND name = $2 RETURNING name`, [ref.namespace, ref.name])).length > 0;
}

/** Milliseconds until the next schedule is due (negative: one is due now), or undefined when none will be. */
export async function msUntilNextDue(sql: Sql): Promise<number | undefined> {
  const [row]: { ms: number | null }[] = await sql.query(
    `SELECT (extract(epoch FROM min(next_wake_up) - clock_timestamp()) * 1000)::float8 AS ms FROM scheduler_migration_schedule WHERE next_wake_up IS NOT NULL`,
  );
  return row?.ms ?? undefined;
}
