import type { DataSource } from 'typeorm';
import type { SagaLogEvent, SagaPhase } from '@tandem/sagas';

export interface SagaView {
  id: string;
  saga: string;
  phase: SagaPhase;
  state: unknown;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
  log: (SagaLogEvent & { seq: number })[];
}

/** Reads sagas for the API and the tests. */
export async function findSaga(db: DataSource, id: string): Promise<SagaView | undefined> {
  const rows: { id: string; name: string; phase: SagaPhase; state: unknown; created_at: Date; updated_at: Date; ended_at: Date | null }[] =
    await db.query(`SELECT id, name, phase, state, created_at, updated_at, ended_at FROM tandem_saga WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  const log: { seq: number; event: SagaLogEvent }[] = await db.query(
    `SELECT seq, event FROM tandem_saga_log WHERE saga_id = $1 ORDER BY seq`,
    [id],
  );
  return {
    id: row.id,
    saga: row.name,
    phase: row.phase,
    state: row.state,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    endedAt: row.ended_at ? row.ended_at.toISOString() : null,
    log: log.map((l) => ({ ...l.event, seq: l.seq })),
  };
}

export async function listSagas(db: DataSource, filter: { phase?: SagaPhase; limit?: number }): Promise<Omit<SagaView, 'log' | 'state'>[]> {
  const rows: { id: string; name: string; phase: SagaPhase; created_at: Date; updated_at: Date; ended_at: Date | null }[] = await db.query(
    `SELECT id, name, phase, created_at, updated_at, ended_at FROM tandem_saga
     WHERE ($1::text IS NULL OR phase = $1) ORDER BY created_at DESC LIMIT $2`,
    [filter.phase ?? null, Math.min(filter.limit ?? 100, 1000)],
  );
  return rows.map((r) => ({
    id: r.id,
    saga: r.name,
    phase: r.phase,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    endedAt: r.ended_at ? r.ended_at.toISOString() : null,
  }));
}
