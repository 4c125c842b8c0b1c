import type { MigrationEndStatus, MigrationStatus, ScheduleRef } from '@tandem/contracts';
import type { PolicyType } from '@tandem/scheduling';
import { returnedRows, Sql } from './sql';

/** A migration a schedule started, and how it ended. */
export interface MigrationRecord {
  namespace: string;
  name: string;
  schedule: string;
  schedulePolicy: string;
  policyType: PolicyType;
  /** The fire time it stands for. */
  firedAt: Date;
  /** Fire times lost to downtime that it caught up. */
  missed: number;
  firstMissedAt?: Date;
  /** Other policy types due at once that it served. */
  covers: PolicyType[];
  status: MigrationStatus;
  reason?: string;
  /** When its row was committed (firing lag = createdAt − firedAt). */
  createdAt: Date;
  finishedAt?: Date;
  updatedAt: Date;
}

interface MigrationRow {
  namespace: string;
  name: string;
  schedule_name: string;
  schedule_policy_name: string;
  policy_type: PolicyType;
  fired_at: Date;
  missed: number;
  first_missed_at: Date | null;
  covers: PolicyType[];
  status: MigrationStatus;
  reason: string | null;
  created_at: Date;
  finished_at: Date | null;
  updated_at: Date;
}

const toRecord = (r: MigrationRow): MigrationRecord => ({
  namespace: r.namespace,
  name: r.name,
  schedule: r.schedule_name,
  schedulePolicy: r.schedule_policy_name,
  policyType: r.policy_type,
  firedAt: r.fired_at,
  missed: r.missed,
  ...(r.first_missed_at ? { firstMissedAt: r.first_missed_at } : {}),
  covers: r.covers,
  status: r.status,
  ...(r.reason ? { reason: r.reason } : {}),
  createdAt: r.created_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
  updatedAt: r.updated_at,
});

export const scheduleKey = (ref: ScheduleRef): string => `${ref.namespace}/${ref.name}`;

/** The unfinished (Pending or InProgress) migration of each of these schedules that has one, by `namespace/name`. */
export async function unfinishedMigrations(sql: Sql, refs: readonly ScheduleRef[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const rows: { namespace: string; schedule_name: string; name: string }[] = await sql.query(
    `SELECT m.namespace, m.schedule_name, m.name FROM scheduler_migration m
     JOIN unnest($1::text[], $2::text[]) AS s(namespace, name) ON m.namespace = s.namespace AND m.schedule_name = s.name
     WHERE m.status IN ('Pending', 'InProgress')`,
    [refs.map((r) => r.namespace), refs.map((r) => r.name)],
  );
  return new Map(rows.map((r) => [scheduleKey({ namespace: r.namespace, name: r.schedule_name }), r.name]));
}

export interface NewMigration {
  namespace: string;
  name: string;
  schedule: string;
  schedulePolicy: string;
  policyType: PolicyType;
  firedAt: Date;
  missed: number;
  firstMissedAt?: Date;
  covers: PolicyType[];
}

/**
 * Inserts Pending migrations and returns the `namespace/name` of those inserted. One that exists already (the same
 * fire time started before) or whose schedule has an unfinished one is not inserted: a run is started once.
 */
export async function insertMigrations(sql: Sql, migrations: readonly NewMigration[]): Promise<Set<string>> {
  if (migrations.length === 0) return new Set();
  const rows: { namespace: string; name: string }[] = await sql.query(
    `INSERT INTO scheduler_migration (namespace, name, schedule_name, schedule_policy_name, policy_type, fired_at, missed, first_missed_at, covers, status)
     SELECT x.namespace, x.name, x.schedule, x."schedulePolicy", x."policyType", x."firedAt", x.missed, x."firstMissedAt",
            ARRAY(SELECT jsonb_array_elements_text(x.covers)), 'Pending'
     FROM jsonb_to_recordset($1::jsonb) AS x(namespace text, name text, schedule text, "schedulePolicy" text, "policyType" text,
       "firedAt" timestamptz, missed integer, "firstMissedAt" timestamptz, covers jsonb)
     ON CONFLICT DO NOTHING
     RETURNING namespace, name`,
    [JSON.stringify(migrations)],
  );
  return new Set(rows.map((r) => `${r.namespace}/${r.name}`));
}

/** Marks an unfinished migration finished; undefined when it is unknown or already finished. */
export async function markFinished(
  sql: Sql,
  ref: { namespace: string; name: string },
  end: { status: MigrationEndStatus; finishedAt: Date; reason?: string },
): Promise<MigrationRecord | undefined> {
  const rows = returnedRows<MigrationRow>(
    await sql.query(
      `UPDATE scheduler_migration SET status = $3, finished_at = $4, reason = $5, updated_at = clock_timestamp()
       WHERE namespace = $1 AND name = $2 AND status IN ('Pending', 'InProgress') RETURNING *`,
      [ref.namespace, ref.name, end.status, end.finishedAt, end.reason ?? null],
    ),
  );
  return rows[0] && toRecord(rows[0]);
}

export async function findMigration(sql: Sql, ref: { namespace: string; name: string }): Promise<MigrationRecord | undefined> {
  const rows: MigrationRow[] = await sql.query(`SELECT * FROM scheduler_migration WHERE namespace = $1 AND name = $2`, [ref.namespace, ref.name]);
  return rows[0] && toRecord(rows[0]);
}

export async function deleteMigrations(sql: Sql, namespace: string, names: readonly string[]): Promise<void> {
  if (names.length > 0) await sql.query(`DELETE FROM scheduler_migration WHERE namespace = $1 AND name = ANY($2)`, [namespace, [...names]]);
}

/** Migrations, newest first, of one namespace and schedule when given. */
export async function listMigrations(sql: Sql, filter: { namespace?: string; schedule?: string; limit?: number } = {}): Promise<MigrationRecord[]> {
  const rows: MigrationRow[] = await sql.query(
    `SELECT * FROM scheduler_migration
     WHERE ($1::text IS NULL OR namespace = $1) AND ($2::text IS NULL OR schedule_name = $2)
     ORDER BY fired_at DESC, name LIMIT $3`,
    [filter.namespace ?? null, filter.schedule ?? null, filter.limit ?? 10_000],
  );
  return rows.map(toRecord);
}

/** The newest migration of each policy type of each of these schedules, by `namespace/name` of the schedule. */
export async function lastRuns(sql: Sql, refs: readonly ScheduleRef[]): Promise<Map<string, MigrationRecord[]>> {
  const out = new Map<string, MigrationRecord[]>(refs.map((r) => [scheduleKey(r), []]));
  if (refs.length === 0) return out;
  const rows: MigrationRow[] = await sql.query(
    `SELECT DISTINCT ON (m.namespace, m.schedule_name, m.policy_type) m.* FROM scheduler_migration m
     JOIN unnest($1::text[], $2::text[]) AS s(namespace, name) ON m.namespace = s.namespace AND m.schedule_name = s.name
     ORDER BY m.namespace, m.schedule_name, m.policy_type, m.fired_at DESC`,
    [refs.map((r) => r.namespace), refs.map((r) => r.name)],
  );
  for (const r of rows) out.get(scheduleKey({ namespace: r.namespace, name: r.schedule_name }))?.push(toRecord(r));
  return out;
}
