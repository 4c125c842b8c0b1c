import type { EntityManager } from 'typeorm';
import type { NamespacedName, SagaRef } from '@tandem/contracts';

/** Running → Succeeded | Failed, for a whole restore and for each of its volumes. */
export type RestoreState = 'Running' | 'Succeeded' | 'Failed';

/** A restore on the destination: one RestoreOnDestination requestId. */
export interface RestoreRequestRow {
  requestId: string;
  commandId: string;
  sagaRef: SagaRef | undefined;
  destinationDomain: string;
  state: RestoreState;
  /** The answer's data without requestId and sagaRef: `{output}` or `{reason, retryable}`; set once finished. */
  answer: RecordedAnswer | undefined;
}

export type RecordedAnswer = { output: { restores: RestoredVolume[] } } | { reason: string; retryable: boolean };

export interface RestoredVolume {
  claim: NamespacedName;
  targetVolume: string;
  recoveryPointId: string;
  bytes: number;
  bytesFetched: number;
}

/** One volume of a restore: the agent job restoring it. */
export interface VolumeRestoreRow {
  requestId: string;
  idx: number;
  agentRequestId: string;
  claim: NamespacedName;
  volume: string;
  targetVolume: string;
  recoveryPointId: string;
  status: RestoreState;
  result: unknown;
}

const REQUEST_COLUMNS = `request_id AS "requestId", command_id AS "commandId", saga_ref AS "sagaRef",
  destination_domain AS "destinationDomain", state, answer`;
const VOLUME_COLUMNS = `request_id AS "requestId", idx, agent_request_id AS "agentRequestId", claim, volume,
  target_volume AS "targetVolume", recovery_point_id AS "recoveryPointId", status, result`;

const request = (row: Record<string, unknown> | undefined): RestoreRequestRow | undefined =>
  row ? ({ ...row, sagaRef: row.sagaRef ?? undefined, answer: row.answer ?? undefined } as RestoreRequestRow) : undefined;

/** The restore with this requestId, locked for the rest of the transaction. */
export async function lockRestoreRequest(m: EntityManager, requestId: string): Promise<RestoreRequestRow | undefined> {
  const [row] = (await m.query(`SELECT ${REQUEST_COLUMNS} FROM replication_restore_request WHERE request_id = $1 FOR UPDATE`, [requestId])) as Record<string, unknown>[];
  return request(row);
}

/** The restore a volume's agent job belongs to, locked (the order every writer takes: the restore, then its volumes). */
export async function lockRestoreOfAgentRequest(m: EntityManager, agentRequestId: string): Promise<RestoreRequestRow | undefined> {
  const [row] = (await m.query(
    `SELECT ${REQUEST_COLUMNS} FROM replication_restore_request
     WHERE request_id = (SELECT request_id FROM replication_restore WHERE agent_request_id = $1) FOR UPDATE`,
    [agentRequestId],
  )) as Record<string, unknown>[];
  return request(row);
}

export async function isOurAgentRequest(m: Pick<EntityManager, 'query'>, agentRequestId: string): Promise<boolean> {
  const rows = (await m.query(`SELECT 1 FROM replication_restore WHERE agent_request_id = $1`, [agentRequestId])) as unknown[];
  return rows.length > 0;
}

export async function insertRestoreRequest(
  m: EntityManager,
  r: { requestId: string; commandId: string; sagaRef?: SagaRef; destinationDomain: string; answer?: RecordedAnswer; state: RestoreState },
): Promise<void> {
  await m.query(
    `INSERT INTO replication_restore_request (request_id, command_id, saga_ref, destination_domain, state, answer, finished_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6::jsonb, CASE WHEN $5 = 'Running' THEN NULL ELSE clock_timestamp() END)`,
    [r.requestId, r.commandId, r.sagaRef ? JSON.stringify(r.sagaRef) : null, r.destinationDomain, r.state, r.answer ? JSON.stringify(r.answer) : null],
  );
}

export async function insertVolumeRestores(m: EntityManager, rows: Omit<VolumeRestoreRow, 'status' | 'result'>[]): Promise<void> {
  if (rows.length === 0) return;
  await m.query(
    `INSERT INTO replication_restore (request_id, idx, agent_request_id, claim, volume, target_volume, recovery_point_id, status)
     SELECT x."requestId", x.idx, x."agentRequestId", x.claim, x.volume, x."targetVolume", x."recoveryPointId", 'Running'
     FROM jsonb_to_recordset($1::jsonb) AS x("requestId" text, idx integer, "agentRequestId" text, claim jsonb, volume text, "targetVolume" text, "recoveryPointId" text)`,
    [JSON.stringify(rows)],
  );
}

/** Points the answer of a running restore at the newest command that asked for it (a saga's later attempt). */
export async function updateAsker(m: EntityManager, requestId: string, commandId: string, sagaRef: SagaRef | undefined): Promise<void> {
  await m.query(`UPDATE replication_restore_request SET command_id = $2, saga_ref = $3::jsonb WHERE request_id = $1`, [
    requestId,
    commandId,
    sagaRef ? JSON.stringify(sagaRef) : null,
  ]);
}

export async function finishRestoreRequest(m: EntityManager, requestId: string, state: Exclude<RestoreState, 'Running'>, answer: RecordedAnswer): Promise<void> {
  await m.query(
    `UPDATE replication_restore_request SET state = $2, answer = $3::jsonb, finished_at = clock_timestamp() WHERE request_id = $1 AND state = 'Running'`,
    [requestId, state, JSON.stringify(answer)],
  );
}

/** Records an agent's answer on its volume, once; the volume as it now is. */
export async function recordVolumeResult(
  m: EntityManager,
  agentRequestId: string,
  status: Exclude<RestoreState, 'Running'>,
  result: unknown,
): Promise<VolumeRestoreRow | undefined> {
  await m.query(
    `UPDATE replication_restore SET status = $2, result = $3::jsonb, updated_at = clock_timestamp() WHERE agent_request_id = $1 AND status = 'Running'`,
    [agentRequestId, status, JSON.stringify(result)],
  );
  const [row] = (await m.query(`SELECT ${VOLUME_COLUMNS} FROM replication_restore WHERE agent_request_id = $1`, [agentRequestId])) as VolumeRestoreRow[];
  return row;
}

export async function volumeRestores(m: EntityManager, requestId: string): Promise<VolumeRestoreRow[]> {
  return (await m.query(`SELECT ${VOLUME_COLUMNS} FROM replication_restore WHERE request_id = $1 ORDER BY idx`, [requestId])) as VolumeRestoreRow[];
}
