import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { BusConnection } from '@tandem/bus';
import { busNaming, CloudEvent, DataOf, encodeCloudEvent, MigrationFinished, MigrationRequested, MigrationSkipped } from '@tandem/contracts';
import { Outbox } from '@tandem/persistence';
import { createTestDatabase, NatsServerHandle, startNatsServer, startService, tempDir, uniqueName } from '@tandem/testing';
import { cleanUpOnSignals, deferCleanup } from './cleanup';
import { cpuBetween, cpuSnapshot, cpuVerdict } from './cpu-usage';
import { describeEnvironment } from './environment';
import { Flags } from './flags';
import { distribution, nowMs } from './stats';

const RESULTS_DIR = join(__dirname, 'results');
const GOAL_P99_MS = 1_000;

export interface SchedulerBenchOptions {
  schedules: number;
  /** How long firing is measured, after every schedule exists. */
  seconds: number;
  /** Schedules are created one after another over this long, so their anchors (and fire times) spread over the minute. */
  spreadSeconds: number;
  tickIntervalMs: number;
  batchSize: number;
}

/**
 * `npm run bench -- scheduler`: one scheduler process carrying 1,000 MigrationSchedules at a 1-minute interval, their
 * anchors spread across the minute. Every requested migration is answered at once with `migration-finished` (as the
 * coordinator would), so no run is skipped for overlap. Lag = fire time → `migration-requested` received from
 * JetStream by the bench. Writes bench/results/scheduler.json.
 */
export async function runSchedulerBench(values: Record<string, string>): Promise<void> {
  const flags = new Flags(values);
  const o: SchedulerBenchOptions = {
    schedules: flags.int('schedules', 1_000),
    seconds: flags.int('seconds', 120),
    spreadSeconds: flags.int('spread-seconds', 60),
    tickIntervalMs: flags.int('tick-interval', 500),
    batchSize: flags.int('batch-size', 100),
  };
  flags.checkAllUsed();
  cleanUpOnSignals();
  const started = Date.now();
  const dir = await tempDir('bench-scheduler');
  const removeDir = deferCleanup(() => rm(dir, { recursive: true, force: true }));
  try {
    const nats = await startNatsServer({ storeDir: join(dir, 'nats') });
    const stopNats = deferCleanup(() => nats.stop());
    try {
      const report = { bench: 'scheduler', at: new Date().toISOString(), environment: await describeEnvironment(nats), scheduler: await measureSchedulerLag(nats, o) };
      const result = report.scheduler;
      await mkdir(RESULTS_DIR, { recursive: true });
      const file = join(RESULTS_DIR, 'scheduler.json');
      await writeFile(file, `${JSON.stringify({ ...report, bench_seconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`);
      process.stdout.write(
        `\nscheduler: ${result.schedules} schedules, ${result.fired} runs fired in ${result.window_s} s; lag fire time → event received ` +
          `p50 ${result.lag_p50_ms} ms, p99 ${result.lag_p99_ms} ms, max ${result.lag_max_ms} ms (goal p99 < ${GOAL_P99_MS} ms: ` +
          `${result.lag_p99_ms < GOAL_P99_MS ? 'met' : 'NOT met'}); duplicates ${result.duplicates}, skipped ${result.skipped}, missed ${result.missed}\n` +
          `${result.limits}\nwrote ${file}\n`,
      );
    } finally {
      await stopNats();
    }
  } finally {
    await removeDir();
  }
}

/** The measurement alone, on a running nats-server: for `protect`, whose report carries the same `scheduler` figures. */
export async function measureSchedulerLag(nats: NatsServerHandle, o: SchedulerBenchOptions) {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const db = await createTestDatabase('bench_scheduler');
    cleanups.unshift(deferCleanup(() => db.drop()));
    const prefix = uniqueName('bench');
    const { process: scheduler, url } = await startService({
      app: 'scheduler',
      natsUrl: nats.url,
      prefix,
      databaseUrl: db.url,
      env: { TANDEM_SCHEDULER_TICK_INTERVAL_MS: String(o.tickIntervalMs), TANDEM_SCHEDULER_BATCH_SIZE: String(o.batchSize) },
    });
    cleanups.unshift(deferCleanup(async () => void (await scheduler.stop())));

    const bus = await BusConnection.open({ servers: nats.url, name: 'bench-scheduler', naming: busNaming(prefix) });
    cleanups.unshift(deferCleanup(() => bus.drain()));
    const coordinator = new Outbox(bus.naming, 'tandem/bench');
    const received: { migration: string; firedAt: number; lagMs: number; missed: number }[] = [];
    let skipped = 0;
    const consumer = await bus.js.consumers.get(bus.naming.streams.events, {
      filter_subjects: [MigrationRequested.subject(bus.naming), MigrationSkipped.subject(bus.naming)],
    });
    const messages = await consumer.consume();
    cleanups.unshift(deferCleanup(async () => void messages.stop()));
    void (async () => {
      for await (const m of messages) {
        const at = nowMs();
        const event = m.json<CloudEvent<unknown>>();
        if (event.type === MigrationSkipped.type) {
          skipped++;
          continue;
        }
        const data = event.data as DataOf<typeof MigrationRequested>;
        received.push({ migration: data.migration, firedAt: Date.parse(data.firedAt), lagMs: at - Date.parse(data.firedAt), missed: data.missed });
        // Answer at once, as the coordinator will when the migration ends, so that no run is skipped for overlap.
        const { subject, event: finished } = coordinator.build({
          definition: MigrationFinished,
          id: `finished/${data.schedule.namespace}/${data.migration}`,
          data: { migration: data.migration, namespace: data.schedule.namespace, status: 'Successful', finishedAt: new Date().toISOString() },
        });
        void bus.publish(subject, encodeCloudEvent(finished), { msgID: finished.id }).catch((err: unknown) => {
          process.stderr.write(`could not answer ${data.migration}: ${(err as Error).message}\n`);
        });
      }
    })();

    await post(url, policyYaml());
    const t0 = Date.now();
    const spacingMs = (o.spreadSeconds * 1000) / o.schedules;
    process.stdout.write(`creating ${o.schedules} schedules over ${o.spreadSeconds} s …\n`);
    for (let i = 0; i < o.schedules; i++) {
      const wait = t0 + i * spacingMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await post(url, scheduleYaml(i));
    }
    const windowStart = Date.now() + 1_000;
    const windowEnd = windowStart + o.seconds * 1000;
    process.stdout.write(`measuring firing for ${o.seconds} s …\n`);
    await new Promise((r) => setTimeout(r, windowStart - Date.now()));
    const before = cpuSnapshot();
    await new Promise((r) => setTimeout(r, windowEnd - Date.now()));
    const cpu = cpuBetween(before, cpuSnapshot(), { scheduler: scheduler.pid, 'nats-server': nats.pid, bench: process.pid });
    await new Promise((r) => setTimeout(r, 3_000)); // the last fires of the window reach the bench

    const inWindow = received.filter((r) => r.firedAt >= windowStart && r.firedAt < windowEnd);
    const names = new Set(received.map((r) => r.migration));
    const lag = distribution(inWindow.map((r) => r.lagMs));
    const commitLag = await rowCommitLag(db.url, windowStart, windowEnd);
    return {
      schedules: o.schedules,
      lag_p50_ms: lag.p50_ms,
      lag_p90_ms: lag.p90_ms,
      lag_p99_ms: lag.p99_ms,
      lag_max_ms: lag.max_ms,
      /** Fire time → migration row committed (the scheduler's own `tandem_scheduler_firing_lag_seconds`). */
      commit_lag: commitLag,
      window_s: o.seconds,
      fired: inWindow.length,
      expected: Math.round((o.schedules * o.seconds) / 60),
      duplicates: received.length - names.size,
      skipped,
      missed: received.reduce((n, r) => n + r.missed, 0),
      settings: o,
      cpu,
      limits: cpuVerdict(cpu, ['scheduler']),
      goal: { lag_p99_ms: GOAL_P99_MS, met: lag.p99_ms < GOAL_P99_MS },
    };
  } finally {
    for (const c of cleanups) await c();
  }
}

async function rowCommitLag(dbUrl: string, from: number, to: number) {
  const sql = new Client({ connectionString: dbUrl });
  await sql.connect();
  try {
    const rows: { ms: number }[] = (
      await sql.query(
        `SELECT (extract(epoch FROM created_at - fired_at) * 1000)::float8 AS ms FROM scheduler_migration WHERE fired_at >= $1 AND fired_at < $2`,
        [new Date(from), new Date(to)],
      )
    ).rows;
    const d = distribution(rows.map((r) => r.ms));
    return { p50_ms: d.p50_ms, p99_ms: d.p99_ms, max_ms: d.max_ms, rows: rows.length };
  } finally {
    await sql.end();
  }
}

async function post(url: string, yaml: string): Promise<void> {
  const res = await fetch(`${url}/v1/resources`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
  if (res.status !== 200) throw new Error(`POST /v1/resources answered ${res.status}: ${await res.text()}`);
}

const policyYaml = () => `apiVersion: stork.libopenstorage.org/v1alpha1
kind: SchedulePolicy
metadata:
  name: every-minute
policy:
  interval:
    intervalMinutes: 1
`;

const scheduleYaml = (i: number) => `apiVersion: stork.libopenstorage.org/v1alpha1
kind: MigrationSchedule
metadata:
  name: app-${String(i).padStart(4, '0')}
  namespace: bench
spec:
  schedulePolicyName: every-minute
  template:
    spec:
      clusterPair: dr-site
      namespaces: [app-${i}]
`;

