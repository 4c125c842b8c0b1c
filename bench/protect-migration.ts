import { PROTECT_STEPS, protectSagaId } from '@tandem/sagas';
import { waitFor } from '@tandem/testing';
import { APP_NAMESPACE, type MigrationView, type TwoSiteLab } from '../apps/lab/src/two-site';
import { round } from './stats';

// One migration of the protect bench, as the coordinator recorded it: end to end from its migration view, per
// stage from the protect saga's step log.

export const STEPS = Object.keys(PROTECT_STEPS) as (keyof typeof PROTECT_STEPS)[];
/** Steps whose answers say how much data they moved. */
const DATA_STEPS: readonly string[] = ['group-snapshot', 'back-up-volumes', 'restore-on-destination'];

interface LogEvent {
  type: string;
  step?: string;
  action?: string;
  attempt?: number;
  at: string;
  output?: unknown;
}

interface SagaView {
  id: string;
  phase: string;
  createdAt: string;
  endedAt: string | null;
  log: LogEvent[];
}

export interface MeasuredMigration {
  name: string;
  status: string;
  reason?: string;
  /** Migration created (protect saga started) → finished, seconds. */
  total_s: number;
  /** The bench's trigger (schedule declared) → migration created: scheduler firing and the bus. */
  trigger_to_created_s: number;
  /** Per step, dispatched → succeeded (first dispatch to last success, retries included), seconds. */
  stages: Record<string, number>;
  /** Time of the migration not inside any step: between steps and around them (saga engine, outbox, bus). */
  between_stages_s: number;
  attempts: Record<string, number>;
  /** What the data steps answered (files, bytes, bytes uploaded or fetched per volume). */
  step_outputs: Record<string, unknown>;
  bytes: { total: number; uploaded: number };
  /** Bytes of the group snapshot per second of back-up-volumes. */
  backup_mib_per_s: number;
  volumes: { done: number; total: number };
  resources: { done: number; total: number };
  rpo_s?: number;
  created_at: string;
  finished_at?: string;
  taken_at?: string;
}

/**
 * Waits for the first migration of `schedule` not in `seen` to end (its saga completed, compensated or failed) and
 * measures it from the coordinator's views.
 */
export async function awaitMigration(lab: TwoSiteLab, schedule: string, seen: ReadonlySet<string>, triggeredAt: number, timeoutMs: number): Promise<MeasuredMigration> {
  let last: MigrationView | undefined;
  const view = await waitFor(
    async () => {
      const mine = (await lab.coordinatorMigrations()).filter((m) => m.schedule === schedule && !seen.has(m.name));
      last = mine[0];
      return last && last.status !== 'InProgress' ? last : undefined;
    },
    { what: `a new migration of ${APP_NAMESPACE}/${schedule} to finish (last seen: ${JSON.stringify(last ?? 'none')})`, timeoutMs, intervalMs: 250 },
  );
  const res = await fetch(`${lab.url('primary', 'coordinator')}/v1/sagas/${encodeURIComponent(protectSagaId(view.namespace, view.name))}`);
  if (!res.ok) throw new Error(`GET the protect saga of ${view.name} answered ${res.status}: ${await res.text()}`);
  const saga = (await res.json()) as SagaView;
  const stages: Record<string, number> = {};
  const attempts: Record<string, number> = {};
  const stepOutputs: Record<string, unknown> = {};
  let inStages = 0;
  for (const step of STEPS) {
    const dispatched = saga.log.filter((e) => e.type === 'StepDispatched' && e.step === step && e.action === 'do');
    const succeeded = saga.log.filter((e) => e.type === 'StepSucceeded' && e.step === step && e.action === 'do');
    if (dispatched.length === 0 || succeeded.length === 0) continue;
    const s = (Date.parse(succeeded[succeeded.length - 1]!.at) - Date.parse(dispatched[0]!.at)) / 1000;
    stages[step] = round(s, 3);
    attempts[step] = dispatched.length;
    inStages += s;
    if (DATA_STEPS.includes(step)) stepOutputs[step] = succeeded[succeeded.length - 1]!.output;
  }
  const backupS = stages['back-up-volumes'];
  return {
    name: view.name,
    status: view.status,
    ...(view.reason ? { reason: view.reason } : {}),
    total_s: round(view.elapsedSeconds, 3),
    trigger_to_created_s: round((Date.parse(view.createdAt) - triggeredAt) / 1000, 3),
    stages,
    between_stages_s: round(view.elapsedSeconds - inStages, 3),
    attempts,
    step_outputs: stepOutputs,
    bytes: { total: view.bytes.total, uploaded: view.bytes.uploaded ?? 0 },
    backup_mib_per_s: backupS ? round(view.bytes.total / 2 ** 20 / backupS, 1) : 0,
    volumes: view.volumes,
    resources: view.resources,
    ...(view.rpoSeconds === undefined ? {} : { rpo_s: round(view.rpoSeconds, 3) }),
    created_at: view.createdAt,
    ...(view.finishedAt ? { finished_at: view.finishedAt } : {}),
    ...(view.takenAt ? { taken_at: view.takenAt } : {}),
  };
}

/** Stages ordered by time taken, with their share of the migration: where the time goes. */
export function timeShares(m: MeasuredMigration): string {
  const parts = Object.entries(m.stages).map(([step, s]) => [step, s] as const);
  parts.push(['between stages', m.between_stages_s]);
  return parts
    .sort((a, b) => b[1] - a[1])
    .map(([step, s]) => `${step} ${s.toFixed(2)} s (${m.total_s > 0 ? Math.round((100 * s) / m.total_s) : 0} %)`)
    .join(', ');
}
