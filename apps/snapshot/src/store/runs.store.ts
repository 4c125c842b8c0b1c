import type { Sql } from './sql';

/**
 * The recorded outcome of one group snapshot request.
 * - `taken`: answered with GroupSnapshotTaken (`answer` is its data).
 * - `failed`: answered with GroupSnapshotFailed (`answer` is its data).
 */
export interface RecordedRun {
  outcome: 'taken' | 'failed';
  answer: Record<string, unknown>;
}

export async function findRun(sql: Sql, requestId: string): Promise<RecordedRun | undefined> {
  const [row] = (await sql.query(`SELECT outcome, answer FROM snapshot_run WHERE request_id = $1`, [requestId])) as RecordedRun[];
  return row;
}

/** Records the outcome; an outcome recorded already (by a concurrent delivery) wins and is returned. */
export async function recordRun(sql: Sql, requestId: string, run: RecordedRun): Promise<RecordedRun> {
  await sql.query(`INSERT INTO snapshot_run (request_id, outcome, answer) VALUES ($1, $2, $3::jsonb) ON CONFLICT (request_id) DO NOTHING`, [
    requestId,
    run.outcome,
    JSON.stringify(run.answer),
  ]);
  return (await findRun(sql, requestId)) ?? run;
}
