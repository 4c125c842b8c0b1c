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
