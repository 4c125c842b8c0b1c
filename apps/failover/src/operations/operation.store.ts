import type { Sql } from '../pairs/cluster-pairs.store';

export type OperationKind = 'probe-site' | 'prepare-source' | 'restore-source' | 'set-domain-active';

/** How a command ended: its output, or why it failed and whether trying again may help. */
export type OperationOutcome = { ok: true; output: object } | { ok: false; reason: string; retryable: boolean };

export interface OperationRecord {
  kind: OperationKind;
  outcome: OperationOutcome;
}

export async function findOperation(db: Sql, requestId: string): Promise<OperationRecord | undefined> {
  const rows = (await db.query(`SELECT kind, ok, output, reason, retryable FROM failover_operation WHERE request_id = $1`, [requestId])) as {
    kind: OperationKind;
    ok: boolean;
    output: object | null;
    reason: string | null;
    retryable: boolean;
  }[];
  const row = rows[0];
  if (row === undefined) return undefined;
  return { kind: row.kind, outcome: row.ok ? { ok: true, output: row.output ?? {} } : { ok: false, reason: row.reason ?? '', retryable: row.retryable } };
}

/** Records a final outcome; a retryable failure is recorded too, and replaced by the next attempt's. */
export async function recordOperation(db: Sql, requestId: string, kind: OperationKind, outcome: OperationOutcome): Promise<void> {
  await db.query(
    `INSERT INTO failover_operation (request_id, kind, ok, output, reason, retryable) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
     ON CONFLICT (request_id) DO UPDATE SET kind = $2, ok = $3, output = $4::jsonb, reason = $5, retryable = $6, finished_at = clock_timestamp()`,
    [requestId, kind, outcome.ok, outcome.ok ? JSON.stringify(outcome.output) : null, outcome.ok ? null : outcome.reason, outcome.ok ? false : outcome.retryable],
  );
}
