import type { EntityManager } from 'typeorm';
import type { ClusterPair } from '@tandem/resources';
import type { PairStatus } from './pair-status';

/** Anything that runs SQL: the DataSource or a transaction's EntityManager. */
export interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface PairRecord {
  pair: ClusterPair;
  status: PairStatus;
  createdAt: Date;
}

export type ApplyAction = 'created' | 'configured' | 'unchanged';

interface Row {
  resource: ClusterPair;
  mode: 'async' | 'sync';
  state: 'Ready' | 'NotReady';
  reason: string | null;
  checked_at: Date;
  created_at: Date;
}

const COLUMNS = 'resource, mode, state, reason, checked_at, created_at';

const record = (row: Row): PairRecord => ({
  pair: row.resource,
  status: { state: row.state, ...(row.reason ? { reason: row.reason } : {}), mode: row.mode, checkedAt: row.checked_at },
  createdAt: row.created_at,
});

export async function findPair(db: Sql, ref: { namespace: string; name: string }): Promise<PairRecord | undefined> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM failover_cluster_pair WHERE namespace = $1 AND name = $2`, [ref.namespace, ref.name])) as Row[];
  return rows[0] ? record(rows[0]) : undefined;
}

export async function listPairs(db: Sql, namespace?: string): Promise<PairRecord[]> {
  const rows = (await db.query(
    `SELECT ${COLUMNS} FROM failover_cluster_pair WHERE $1::text IS NULL OR namespace = $1 ORDER BY namespace, name`,
    [namespace ?? null],
  )) as Row[];
  return rows.map(record);
}

/** Creates or updates the pair with the status of the check just made; `unchanged` when the resource is the same. */
export async function upsertPair(m: EntityManager, pair: ClusterPair, status: PairStatus): Promise<ApplyAction> {
  const { namespace, name } = pair.metadata as { namespace: string; name: string };
  const [existing] = (await m.query(`SELECT resource FROM failover_cluster_pair WHERE namespace = $1 AND name = $2 FOR UPDATE`, [namespace, name])) as { resource: ClusterPair }[];
  const params = [namespace, name, pair.apiVersion, JSON.stringify(pair), status.mode, status.state, status.reason ?? null, status.checkedAt];
  if (!existing) {
    const inserted = (await m.query(
      `INSERT INTO failover_cluster_pair (namespace, name, api_version, resource, mode, state, reason, checked_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) ON CONFLICT (namespace, name) DO NOTHING RETURNING name`,
      params,
    )) as unknown[];
    if (inserted.length > 0) return 'created';
  }
  await m.query(
    `UPDATE failover_cluster_pair SET api_version = $3, resource = $4::jsonb, mode = $5, state = $6, reason = $7, checked_at = $8, updated_at = clock_timestamp()
     WHERE namespace = $1 AND name = $2`,
    params,
  );
  return existing && canonical(existing.resource) === canonical(pair) ? 'unchanged' : 'configured';
}

/** Records a new check of a pair that exists (a re-check does not change the resource). */
export async function recordStatus(db: Sql, ref: { namespace: string; name: string }, status: PairStatus): Promise<void> {
  await db.query(`UPDATE failover_cluster_pair SET state = $3, reason = $4, checked_at = $5 WHERE namespace = $1 AND name = $2`, [
    ref.namespace,
    ref.name,
    status.state,
    status.reason ?? null,
    status.checkedAt,
  ]);
}

export async function deletePair(db: Sql, ref: { namespace: string; name: string }): Promise<boolean> {
  const rows = (await db.query(`DELETE FROM failover_cluster_pair WHERE namespace = $1 AND name = $2 RETURNING name`, [ref.namespace, ref.name])) as unknown[];
  // TypeORM answers a DELETE … RETURNING with [rows, count].
  const deleted = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
  return deleted.length > 0;
}

/** JSON with sorted keys, to compare resources whatever order jsonb gives their keys in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
