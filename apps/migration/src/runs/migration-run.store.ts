import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import type { NamespacedName } from '@tandem/contracts';
import { outcomeOf, type MigrationRun, type RunKind, type RunResult } from './migration-run';

interface RunRow {
  request_id: string;
  kind: RunKind;
  outcome: MigrationRun['outcome'];
  migration: string | null;
  cluster_pair: NamespacedName | null;
  answer: MigrationRun['answer'];
  resources: MigrationRun['resources'];
  volumes: MigrationRun['volumes'];
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (row: RunRow): MigrationRun => ({
  requestId: row.request_id,
  kind: row.kind,
  outcome: row.outcome,
  ...(row.migration === null ? {} : { migration: row.migration }),
  ...(row.cluster_pair === null ? {} : { clusterPair: row.cluster_pair }),
  answer: row.answer,
  resources: row.resources,
  volumes: row.volumes,
  attempts: row.attempts,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

type Queryable = Pick<DataSource | EntityManager, 'query'>;

export async function findRun(db: Queryable, requestId: string): Promise<MigrationRun | undefined> {
  const [row] = (await db.query(`SELECT * FROM migration_run WHERE request_id = $1`, [requestId])) as RunRow[];
  return row === undefined ? undefined : fromRow(row);
}

export interface RunRecord extends RunResult {
  requestId: string;
  kind: RunKind;
  migration?: string;
  clusterPair?: NamespacedName;
}

/**
 * Records a run's result. A run recorded before is overwritten only when it ended retryably (this was the attempt
 * that tried again); a final outcome is never replaced.
 */
export async function recordRun(m: EntityManager, run: RunRecord): Promise<void> {
  await m.query(
    `INSERT INTO migration_run (request_id, kind, outcome, migration, cluster_pair, answer, resources, volumes)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb)
     ON CONFLICT (request_id) DO UPDATE SET
       outcome = EXCLUDED.outcome, answer = EXCLUDED.answer, resources = EXCLUDED.resources, volumes = EXCLUDED.volumes,
       attempts = migration_run.attempts + 1, updated_at = clock_timestamp()
     WHERE migration_run.outcome = 'retryable-failure' AND migration_run.kind = EXCLUDED.kind`,
    [
      run.requestId,
      run.kind,
      outcomeOf(run.answer),
      run.migration ?? null,
      run.clusterPair === undefined ? null : JSON.stringify(run.clusterPair),
      JSON.stringify(run.answer),
      JSON.stringify(run.resources),
      JSON.stringify(run.volumes),
    ],
  );
}

const LOCK_POLL_MS = 250;

/**
 * Runs `work` holding the advisory lock of `requestId` (a session lock on a connection of its own, since the work
 * runs outside any transaction), so that two deliveries of commands with the same requestId never do the work at
 * once. While another holds it, `waiting` is called every poll (the message's ack deadline moves).
 */
export async function withRequestLock<T>(db: DataSource, requestId: string, waiting: () => void, work: () => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  const key = ['migration_run', requestId];
  try {
    for (;;) {
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked`, key)) as { locked: boolean }[];
      if (row?.locked) break;
      waiting();
      await sleep(LOCK_POLL_MS);
    }
    try {
      return await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, key);
    }
  } finally {
    await runner.release();
  }
}
