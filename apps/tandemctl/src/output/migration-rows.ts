import type { Progress, SagaMigrationView } from '../http/protect.views';
import type { MigrationView } from '../http/scheduler.views';
import { NONE } from './table';

/**
 * One migration as tandemctl shows it: the coordinator's run of the protect saga (stage, progress) where it knows
 * the migration, else the scheduler's record of it (requested, not picked up yet), and both when both know it.
 */
export interface MigrationRow {
  namespace: string;
  name: string;
  /** Absent for a one-off Migration. */
  schedule?: string;
  clusterPair?: string;
  stage: string;
  status: string;
  reason?: string;
  volumes?: Progress;
  resources?: Progress;
  bytes?: Progress & { uploaded?: number };
  createdAt: string;
  finishedAt?: string;
  elapsedMs: number;
  /** The coordinator's run. */
  run?: SagaMigrationView;
  /** The scheduler's record. */
  scheduled?: MigrationView;
}

/**
 * The coordinator's runs (undefined when it could not be asked) merged with the scheduler's records by namespace
 * and name, newest first. A record the coordinator does not know yet reads stage `Initial` (`Final` once the
 * scheduler saw it end), its cluster pair from its schedule.
 */
export function mergeMigrations(
  runs: readonly SagaMigrationView[] | undefined,
  scheduled: readonly MigrationView[],
  clusterPairOf: (m: MigrationView) => string | undefined,
  now: Date,
): MigrationRow[] {
  const records = new Map(scheduled.map((m) => [`${m.namespace}/${m.name}`, m]));
  const rows: MigrationRow[] = (runs ?? []).map((run) => fromRun(run, records.get(`${run.namespace}/${run.name}`)));
  const known = new Set(rows.map((r) => `${r.namespace}/${r.name}`));
  for (const m of scheduled) if (!known.has(`${m.namespace}/${m.name}`)) rows.push(fromRecord(m, clusterPairOf(m), now));
  return rows.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.name.localeCompare(b.name));
}

function fromRun(run: SagaMigrationView, scheduled: MigrationView | undefined): MigrationRow {
  const reason = run.reason ?? scheduled?.reason;
  return {
    namespace: run.namespace,
    name: run.name,
    ...(run.schedule === undefined ? {} : { schedule: run.schedule }),
    clusterPair: run.clusterPair,
    stage: run.stage,
    status: run.status,
    ...(reason !== undefined ? { reason } : {}),
    volumes: run.volumes,
    resources: run.resources,
    bytes: run.bytes,
    createdAt: run.createdAt,
    ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
    elapsedMs: run.elapsedSeconds * 1000,
    run,
    ...(scheduled ? { scheduled } : {}),
  };
}

function fromRecord(m: MigrationView, clusterPair: string | undefined, now: Date): MigrationRow {
  return {
    namespace: m.namespace,
    name: m.name,
    schedule: m.schedule,
    ...(clusterPair !== undefined ? { clusterPair } : {}),
    stage: stageOf(m),
    status: m.status,
    ...(m.reason !== undefined ? { reason: m.reason } : {}),
    createdAt: m.createdAt,
    ...(m.finishedAt !== undefined ? { finishedAt: m.finishedAt } : {}),
    elapsedMs: (m.finishedAt ? Date.parse(m.finishedAt) : now.getTime()) - Date.parse(m.createdAt),
    scheduled: m,
  };
}

/**
 * A record the coordinator does not know: `Initial` while requested, `Final` once the scheduler saw it end; `-`
 * while running (the coordinator knows the stage).
 */
export function stageOf(m: MigrationView): string {
  switch (m.status) {
    case 'Pending':
      return 'Initial';
    case 'InProgress':
      return NONE;
    case 'Successful':
    case 'PartialSuccess':
    case 'Failed':
      return 'Final';
  }
}
