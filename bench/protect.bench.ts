import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { startNatsServer, tempDir, testPostgresUrl, uniqueName } from '@tandem/testing';
import { APP_NAMESPACE, CLUSTER_PAIR, TwoSiteLab } from '../apps/lab/src/two-site';
import { scheduleDocuments } from '../apps/lab/src/two-site/protect-resources.yaml';
import { cleanUpOnSignals, deferCleanup } from './cleanup';
import { describeEnvironment } from './environment';
import { Flags, UsageError } from './flags';
import { changeRows, fillTable, type FillResult } from './protect-dataset';
import { awaitMigration, type MeasuredMigration, timeShares } from './protect-migration';
import { measureSchedulerLag } from './scheduler.bench';
import { round } from './stats';

const RESULTS_DIR = join(__dirname, 'results');
const GiB = 2 ** 30;
const MiB = 2 ** 20;
const GOAL_INCREMENTAL_S = 5;
const GOAL_SCHEDULER_P99_MS = 1_000;
/** The bench's own schedule: it fires once when declared, and (with a day's interval) not again while the bench runs. */
const SCHEDULE = 'appns-bench';
const POLICY = 'bench-once-a-day';
const INTERVAL_S = 86_400;

/**
 * `npm run bench -- protect`: the protect path on the two-site lab. PostgreSQL in appns is filled with `--gib` GiB of
 * deterministic rows (about half compressible; the lab's writer keeps inserting), then one migration is fired and
 * measured end to end and per stage (empty store, empty destination); about `--change-mib` MiB of rows are changed
 * (UPDATE + INSERT, CHECKPOINT) and the next migration is measured the same way. Each migration is fired by
 * declaring the MigrationSchedule appns-bench with a one-day interval: a new schedule fires at once (its anchor is
 * its first fire time) and not again for a day; for the second migration the schedule is deleted and declared
 * again. Then, on a nats-server of its own, one scheduler carrying `--schedules` schedules at a 1-minute interval
 * (the scheduler bench's measurement). Writes bench/results/protect.json and prints a summary.
 */
export async function runProtectBench(values: Record<string, string>): Promise<void> {
  const flags = new Flags(values);
  const gib = flags.int('gib', 1);
  const changeMiB = flags.int('change-mib', 10);
  const migrationTimeoutS = flags.int('migration-timeout', 900);
  const schedules = flags.int('schedules', 1_000);
  const schedulerSeconds = flags.int('scheduler-seconds', 60);
  const spreadSeconds = flags.int('spread-seconds', 60);
  const keep = flags.int('keep', 0) === 1;
  flags.checkAllUsed();
  if (gib < 1) throw new UsageError(`--gib=${gib}: the dataset is at least 1 GiB`);
  if (changeMiB < 1) throw new UsageError(`--change-mib=${changeMiB}: change at least 1 MiB`);
  cleanUpOnSignals();

  const started = Date.now();
  const dir = await tempDir('bench-protect');
  const removeDir = deferCleanup(() => (keep ? Promise.resolve() : rm(dir, { recursive: true, force: true })));
  try {
    const protect = await measureProtect(dir, gib * GiB, changeMiB * MiB, migrationTimeoutS * 1000);
    print(`\nscheduler: ${schedules} schedules at a 1-minute interval …`);
    const nats = await startNatsServer({ storeDir: join(dir, 'scheduler-nats') });
    const stopNats = deferCleanup(() => nats.stop());
    let report: Record<string, unknown>;
    try {
      const environment = await describeEnvironment(nats);
      const scheduler = await measureSchedulerLag(nats, { schedules, seconds: schedulerSeconds, spreadSeconds, tickIntervalMs: 500, batchSize: 100 });
      report = { bench: 'protect', at: new Date().toISOString(), environment, ...protect, scheduler };
    } finally {
      await stopNats();
    }
    report['bench_seconds'] = Math.round((Date.now() - started) / 1000);
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, gib === 1 && changeMiB === 10 && schedules === 1_000 ? 'protect.json' : 'protect.partial.json');
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    print(summary(report as unknown as Report, file));
  } finally {
    await removeDir();
  }
}

interface ProtectFigures {
  dataset: FillResult & { volume_bytes_before_first: number; change: Awaited<ReturnType<typeof changeRows>> };
  first: MeasuredMigration;
  incremental: MeasuredMigration & { changed_bytes: number; uploaded_bytes: number };
  trigger: string;
  where_the_time_goes: { first: string; incremental: string };
  goals: { incremental_total_s: number; met: boolean };
}

async function measureProtect(dir: string, bytes: number, changeBytes: number, timeoutMs: number): Promise<ProtectFigures> {
  print('starting the two-site lab …');
  // The lab directory itself (not a subdirectory of the 0700 temp dir): PostgreSQL runs as the postgres OS user
  // and must traverse it, which the lab allows on the directory it is given.
  const lab = await TwoSiteLab.start({
    dir,
    databaseUrl: testPostgresUrl(),
    databasePrefix: uniqueName('bprot'),
    schedule: false,
    searchPath: (process.env.PATH ?? '').split(delimiter).filter(Boolean),
    onProgress: (line) => print(`  ${line}`),
  });
  const stopLab = deferCleanup(() => lab.stop());
  try {
    const missing = ['primary/scheduler', 'primary/coordinator', 'primary/snapshot', 'primary/replication', 'primary/migration'].filter((k) => !lab.has(k));
    if (missing.length > 0 || !lab.pair) throw new Error(`the two-site lab runs without ${[...missing, ...(lab.pair ? [] : ['the cluster pair'])].join(', ')}: the protect path cannot run`);
    const platform = await lab.sourcePlatform();
    try {
      print(`filling table bench_fill in ${APP_NAMESPACE}'s PostgreSQL with ${round(bytes / GiB, 2)} GiB …`);
      const fill = await fillTable(platform, bytes, print);
      const [binding] = await platform.volumesFor(APP_NAMESPACE, ['data-pg-0']);
      const volumeBytes = binding?.path ? duBytes(binding.path) : 0;
      print(`filled: ${fill.rows} rows, table ${mib(fill.total_relation_bytes)}, volume ${mib(volumeBytes)} (${fill.fill_s.toFixed(1)} s, VACUUM + CHECKPOINT ${fill.vacuum_checkpoint_s.toFixed(1)} s)`);

      const seen = new Set<string>();
      const fire = async (): Promise<number> => {
        const at = Date.now();
        await postYaml(
          `${lab.url('primary', 'scheduler')}/v1/resources`,
          scheduleDocuments({ namespace: APP_NAMESPACE, clusterPair: CLUSTER_PAIR, policyName: POLICY, intervalSeconds: INTERVAL_S, retain: 3, scheduleName: SCHEDULE }),
        );
        return at;
      };

      print('first migration (empty store, empty destination) …');
      const first = await awaitMigration(lab, SCHEDULE, seen, await fire(), timeoutMs);
      seen.add(first.name);
      print(`first: ${first.status} in ${first.total_s} s, ${mib(first.bytes.total)} (${mib(first.bytes.uploaded)} uploaded) — ${timeShares(first)}`);
      if (first.status !== 'Successful') throw new Error(`the first migration ${first.name} ended ${first.status}: ${first.reason ?? 'no reason given'}`);

      print(`changing about ${mib(changeBytes)} of rows …`);
      const change = await changeRows(platform, fill, changeBytes);
      print(`changed: ${change.rows_updated} rows updated, ${change.rows_inserted} inserted; table +${mib(change.relation_growth_bytes)}, WAL ${mib(change.wal_bytes)}`);

      // The schedule fired once and will not fire again for a day: delete it and declare it anew to fire once more.
      const deleted = await fetch(`${lab.url('primary', 'scheduler')}/v1/migration-schedules/${APP_NAMESPACE}/${SCHEDULE}`, { method: 'DELETE' });
      if (deleted.status !== 204) throw new Error(`DELETE the schedule ${SCHEDULE} answered ${deleted.status}: ${await deleted.text()}`);
      print('incremental migration …');
      const next = await awaitMigration(lab, SCHEDULE, seen, await fire(), timeoutMs);
      print(`incremental: ${next.status} in ${next.total_s} s, ${mib(next.bytes.total)} (${mib(next.bytes.uploaded)} uploaded) — ${timeShares(next)}`);
      if (next.status !== 'Successful') throw new Error(`the incremental migration ${next.name} ended ${next.status}: ${next.reason ?? 'no reason given'}`);

      return {
        trigger:
          `MigrationSchedule ${APP_NAMESPACE}/${SCHEDULE} on SchedulePolicy ${POLICY} (intervalSeconds ${INTERVAL_S}) declared by the bench: a new schedule fires once at ` +
          'once and not again for a day; for the incremental migration it is deleted and declared again',
        dataset: { ...fill, volume_bytes_before_first: volumeBytes, change },
        first,
        incremental: { ...next, changed_bytes: change.wal_bytes, uploaded_bytes: next.bytes.uploaded },
        where_the_time_goes: { first: timeShares(first), incremental: timeShares(next) },
        goals: { incremental_total_s: GOAL_INCREMENTAL_S, met: next.total_s < GOAL_INCREMENTAL_S },
      };
    } finally {
      await platform.close();
    }
  } finally {
    print('stopping the two-site lab …');
    await stopLab();
  }
}

interface Report extends ProtectFigures {
  scheduler: Awaited<ReturnType<typeof measureSchedulerLag>>;
  bench_seconds: number;
}

function summary(r: Report, file: string): string {
  const stages = (m: MeasuredMigration) => Object.entries(m.stages).map(([s, v]) => `    ${s.padEnd(28)} ${v.toFixed(2).padStart(8)} s`);
  const s = r.scheduler;
  return [
    '',
    `dataset: ${r.dataset.rows} rows, table ${mib(r.dataset.total_relation_bytes)}, volume ${mib(r.dataset.volume_bytes_before_first)}`,
    `first migration: ${r.first.total_s} s end to end (fired → created ${r.first.trigger_to_created_s} s), snapshot ${mib(r.first.bytes.total)}, uploaded ${mib(r.first.bytes.uploaded)} (${r.first.backup_mib_per_s} MiB/s backed up)`,
    ...stages(r.first),
    `    ${'between stages'.padEnd(28)} ${r.first.between_stages_s.toFixed(2).padStart(8)} s`,
    `incremental migration: ${r.incremental.total_s} s end to end (goal < ${GOAL_INCREMENTAL_S} s: ${r.goals.met ? 'met' : 'NOT met'}), changed ${mib(r.incremental.changed_bytes)} (WAL), uploaded ${mib(r.incremental.uploaded_bytes)}`,
    ...stages(r.incremental),
    `    ${'between stages'.padEnd(28)} ${r.incremental.between_stages_s.toFixed(2).padStart(8)} s`,
    `where the time goes (incremental): ${r.where_the_time_goes.incremental}`,
    `scheduler: ${s.schedules} schedules, ${s.fired} runs in ${s.window_s} s; lag p50 ${s.lag_p50_ms} ms, p99 ${s.lag_p99_ms} ms (goal p99 < ${GOAL_SCHEDULER_P99_MS} ms: ${s.lag_p99_ms < GOAL_SCHEDULER_P99_MS ? 'met' : 'NOT met'}); ${s.limits}`,
    `wrote ${file}; the bench took ${r.bench_seconds} s`,
  ].join('\n');
}

async function postYaml(url: string, yaml: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`POST ${url} answered ${res.status}: ${await res.text()}`);
}

/** Bytes the directory takes on disk. */
function duBytes(path: string): number {
  try {
    return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split(/\s/)[0]);
  } catch {
    return 0;
  }
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
