import type { SagaMigrationView } from '../http/protect.views';
import { ServiceUnreachableError } from '../http/service-errors';
import { mergeMigrations, MigrationRow } from '../output/migration-rows';
import type { CommandContext } from './command-context';

/**
 * The migrations of `namespace` (every namespace's when undefined): the coordinator's runs merged with the
 * scheduler's records. A coordinator that cannot be reached is a warning, not a failure: the scheduler's records
 * are still worth seeing (without stages and counts).
 */
export async function loadMigrations(ctx: CommandContext, namespace: string | undefined, schedule: string | undefined): Promise<MigrationRow[]> {
  const scheduler = ctx.scheduler();
  const [records, schedules, runs] = await Promise.all([
    scheduler.listMigrations({ ...(namespace !== undefined ? { namespace } : {}), ...(schedule !== undefined ? { schedule } : {}) }),
    scheduler.listSchedules(namespace),
    coordinatorRuns(ctx, () => ctx.coordinator().listMigrations(namespace)),
  ]);
  const pairs = new Map(schedules.map((s) => [`${s.namespace}/${s.name}`, s.template.clusterPair]));
  const ofSchedule = schedule === undefined ? runs : runs?.filter((r) => r.schedule === schedule);
  return mergeMigrations(ofSchedule, records, (m) => pairs.get(`${m.namespace}/${m.schedule}`), ctx.io.now());
}

/** One migration, or undefined when neither the coordinator nor the scheduler knows it. */
export async function loadMigration(ctx: CommandContext, namespace: string, name: string): Promise<MigrationRow | undefined> {
  const scheduler = ctx.scheduler();
  const [records, schedules, run] = await Promise.all([
    scheduler.listMigrations({ namespace }),
    scheduler.listSchedules(namespace),
    coordinatorRuns(ctx, () => ctx.coordinator().findMigration(namespace, name)),
  ]);
  const pairs = new Map(schedules.map((s) => [`${s.namespace}/${s.name}`, s.template.clusterPair]));
  const rows = mergeMigrations(run ? [run] : [], records.filter((m) => m.name === name), (m) => pairs.get(`${m.namespace}/${m.schedule}`), ctx.io.now());
  return rows[0];
}

async function coordinatorRuns<T extends SagaMigrationView | SagaMigrationView[] | undefined>(ctx: CommandContext, ask: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ask();
  } catch (error) {
    if (!(error instanceof ServiceUnreachableError)) throw error;
    const { url, source } = error.endpoint;
    ctx.io.err(
      `warning: cannot reach the coordinator at ${url} (${error.reason}; the URL is ${source === 'the default' ? 'the default' : `from ${source}`}): ` +
        "showing the scheduler's records only, without stages and counts\n",
    );
    return undefined;
  }
}
