import type { Rule } from '@tandem/resources';
import { canonicalJson, type Sql } from './sql';

/** A Rule as the snapshot service keeps it. */
export interface StoredRule {
  namespace: string;
  name: string;
  apiVersion: string;
  rule: Rule;
  createdAt: Date;
}

/**
 * What applying did to a Rule.
 * - `created`: it did not exist.
 * - `configured`: it existed and changed.
 * - `unchanged`: it existed as given.
 */
export type ApplyAction = 'created' | 'configured' | 'unchanged';

interface Row {
  namespace: string;
  name: string;
  api_version: string;
  rule: Rule;
  created_at: Date;
}

const toStored = (r: Row): StoredRule => ({ namespace: r.namespace, name: r.name, apiVersion: r.api_version, rule: r.rule, createdAt: r.created_at });

/** Creates or updates the Rule (in the caller's transaction, the row locked while compared). */
export async function upsertRule(sql: Sql, rule: Rule): Promise<ApplyAction> {
  const namespace = rule.metadata.namespace!;
  const name = rule.metadata.name;
  const [existing] = (await sql.query(`SELECT rule, api_version FROM snapshot_rule WHERE namespace = $1 AND name = $2 FOR UPDATE`, [namespace, name])) as Pick<Row, 'rule' | 'api_version'>[];
  if (existing && existing.api_version === rule.apiVersion && canonicalJson(existing.rule) === canonicalJson(rule)) return 'unchanged';
  const [row] = (await sql.query(
    `INSERT INTO snapshot_rule (namespace, name, api_version, rule) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (namespace, name) DO UPDATE SET api_version = EXCLUDED.api_version, rule = EXCLUDED.rule, updated_at = clock_timestamp()
     RETURNING (xmax = 0) AS inserted`,
    [namespace, name, rule.apiVersion, JSON.stringify(rule)],
  )) as { inserted: boolean }[];
  return row?.inserted ? 'created' : 'configured';
}

export async function findRule(sql: Sql, namespace: string, name: string): Promise<StoredRule | undefined> {
  const [row] = (await sql.query(`SELECT namespace, name, api_version, rule, created_at FROM snapshot_rule WHERE namespace = $1 AND name = $2`, [namespace, name])) as Row[];
  return row ? toStored(row) : undefined;
}

export async function listRules(sql: Sql, namespace?: string): Promise<StoredRule[]> {
  const rows = (await sql.query(
    `SELECT namespace, name, api_version, rule, created_at FROM snapshot_rule WHERE ($1::text IS NULL OR namespace = $1) ORDER BY namespace, name`,
    [namespace ?? null],
  )) as Row[];
  return rows.map(toStored);
}

export async function deleteRule(sql: Sql, namespace: string, name: string): Promise<boolean> {
  const result = (await sql.query(`DELETE FROM snapshot_rule WHERE namespace = $1 AND name = $2 RETURNING name`, [namespace, name])) as unknown;
  return Array.isArray(result) && Array.isArray(result[0]) && result[0].length > 0;
}
