import type { SchedulePolicy as SchedulePolicyResource } from '@tandem/resources';
import type { SchedulePolicy } from '@tandem/scheduling';
import { canonicalJson, returnedRows, Sql } from './sql';

/** A stored SchedulePolicy: the resource as applied (for output) and the policy that fires, defaults written out. */
export interface PolicyRecord {
  name: string;
  namespace?: string;
  apiVersion: string;
  policy: SchedulePolicy;
  resource: SchedulePolicyResource;
  createdAt: Date;
  updatedAt: Date;
}

interface PolicyRow {
  name: string;
  namespace: string | null;
  api_version: string;
  policy: SchedulePolicy;
  resource: SchedulePolicyResource;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: PolicyRow): PolicyRecord => ({
  name: r.name,
  ...(r.namespace ? { namespace: r.namespace } : {}),
  apiVersion: r.api_version,
  policy: r.policy,
  resource: r.resource,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The policies of these names that exist; with `share`, locked so that none is deleted before the caller commits. */
export async function policiesNamed(sql: Sql, names: readonly string[], opts: { share?: boolean } = {}): Promise<Map<string, PolicyRecord>> {
  if (names.length === 0) return new Map();
  const rows: PolicyRow[] = await sql.query(`SELECT * FROM scheduler_schedule_policy WHERE name = ANY($1)${opts.share ? ' FOR SHARE' : ''}`, [[...new Set(names)]]);
  return new Map(rows.map((r) => [r.name, toRecord(r)]));
}

export async function findPolicy(sql: Sql, name: string): Promise<PolicyRecord | undefined> {
  const rows: PolicyRow[] = await sql.query(`SELECT * FROM scheduler_schedule_policy WHERE name = $1`, [name]);
  return rows[0] && toRecord(rows[0]);
}

export async function listPolicies(sql: Sql): Promise<PolicyRecord[]> {
  const rows: PolicyRow[] = await sql.query(`SELECT * FROM scheduler_schedule_policy ORDER BY name`);
  return rows.map(toRecord);
}

/** Names of up to `limit` policies, for a problem that lists what exists. */
export async function somePolicyNames(sql: Sql, limit = 10): Promise<string[]> {
  const rows: { name: string }[] = await sql.query(`SELECT name FROM scheduler_schedule_policy ORDER BY name LIMIT $1`, [limit]);
  return rows.map((r) => r.name);
}

export type ApplyAction = 'created' | 'configured' | 'unchanged';

/** Creates or updates a policy (apply). `unchanged` when the same document was applied before. */
export async function upsertPolicy(sql: Sql, resource: SchedulePolicyResource, policy: SchedulePolicy): Promise<ApplyAction> {
  const existing: { resource: unknown }[] = await sql.query(`SELECT resource FROM scheduler_schedule_policy WHERE name = $1 FOR UPDATE`, [
    resource.metadata.name,
  ]);
  if (existing[0] && canonicalJson(existing[0].resource) === canonicalJson(resource)) return 'unchanged';
  const rows: { created: boolean }[] = await sql.query(
    `INSERT INTO scheduler_schedule_policy (name, namespace, api_version, policy, resource)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (name) DO UPDATE SET namespace = EXCLUDED.namespace, api_version = EXCLUDED.api_version,
       policy = EXCLUDED.policy, resource = EXCLUDED.resource, updated_at = clock_timestamp()
     RETURNING (xmax = 0) AS created`,
    [resource.metadata.name, resource.metadata.namespace ?? null, resource.apiVersion, JSON.stringify(policy), JSON.stringify(resource)],
  );
  return rows[0]?.created ? 'created' : 'configured';
}

/** How many schedules use each policy. */
export async function policyUsage(sql: Sql): Promise<Map<string, number>> {
  const rows: { name: string; n: number }[] = await sql.query(
    `SELECT schedule_policy_name AS name, count(*)::int AS n FROM scheduler_migration_schedule GROUP BY schedule_policy_name`,
  );
  return new Map(rows.map((r) => [r.name, r.n]));
}

/** Deletes a policy no schedule uses; otherwise says which schedules use it. */
export async function deletePolicy(sql: Sql, name: string): Promise<{ deleted: boolean; usedBy: string[] }> {
  const users: { ref: string }[] = await sql.query(
    `SELECT namespace || '/' || name AS ref FROM scheduler_migration_schedule WHERE schedule_policy_name = $1 ORDER BY 1 LIMIT 20 FOR SHARE`,
    [name],
  );
  if (users.length > 0) return { deleted: false, usedBy: users.map((u) => u.ref) };
  const deleted = returnedRows(await sql.query(`DELETE FROM scheduler_schedule_policy WHERE name = $1 RETURNING name`, [name]));
  return { deleted: deleted.length > 0, usedBy: [] };
}
