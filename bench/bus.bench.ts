import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NatsServerHandle, startNatsServer, tempDir } from '@tandem/testing';
import { eventsSummary, sagasSummary } from './bus.summary';
import { cleanUpOnSignals, deferCleanup } from './cleanup';
import type { CpuReport } from './cpu-usage';
import { describeEnvironment } from './environment';
import { EventsOptions, EventsResult, runEventsBench } from './events.bench';
import { Flags } from './flags';
import { runSagasBench, SagasOptions } from './sagas.bench';

const RESULTS_DIR = join(__dirname, 'results');
const GOALS = { events_per_second: 2_000, sagas_per_second: 200 };
/** Cores used by processes that are not the bench's above which a run's numbers are not representative. */
const DISTURBED_CORES = 0.3;
const LATENCY_NOTE =
  'p50/p99 here come from the run that pushes events as fast as the producer commits them, so they include the time ' +
  'an event waited behind the backlog; at_half_load has the latency when the pipeline keeps up';

/**
 * `npm run bench -- bus`: events end to end through outbox → JetStream → inbox, and three-step self-test sagas
 * across a real coordinator and agent. Writes bench/results/bus.json and prints a summary.
 */
export async function runBusBench(values: Record<string, string>): Promise<void> {
  const flags = new Flags(values);
  const only = flags.str('only', ['all', 'events', 'sagas'] as const, 'all');
  const events: EventsOptions = {
    count: flags.int('events', 20_000),
    perTransaction: flags.int('per-transaction', 50),
    parallel: flags.int('producer-parallel', 4),
    rate: flags.int('rate', 0),
    relayBatchSize: flags.int('relay-batch', 500),
    concurrency: flags.int('consumer-concurrency', 128),
    poolSize: flags.int('consumer-pool', 32),
  };
  /** Events of the second run, at half the measured throughput, for latency; 0 skips it. */
  const pacedCount = flags.int('paced-events', 5_000);
  const sagas: SagasOptions = {
    count: flags.int('sagas', 1_000),
    httpConcurrency: flags.int('http-concurrency', 250),
    consumerConcurrency: flags.int('saga-consumer-concurrency', 32),
    timerIntervalMs: flags.int('timer-interval', 200),
    logLevel: flags.str('log-level', ['info', 'warn'] as const, 'warn'),
  };
  if (flags.int('profile', 0)) events.profileDir = sagas.profileDir = join(RESULTS_DIR, 'profiles');
  flags.checkAllUsed();
  cleanUpOnSignals();
  if (events.profileDir) await mkdir(events.profileDir, { recursive: true });

  const started = Date.now();
  const report: Record<string, unknown> = { bench: 'bus', at: new Date().toISOString() };
  let eventsPerSecond: number | undefined;
  let sagasPerSecond: number | undefined;
  await withNatsServer(async (nats) => {
    report.environment = await describeEnvironment(nats);
    if (only !== 'sagas') {
      const flood = await runEventsBench(nats, events);
      print(eventsSummary('events, as fast as they come', flood));
      eventsPerSecond = flood.per_second;
      report.events = { ...flood, note: LATENCY_NOTE, at_half_load: pacedCount > 0 ? await halfLoad(nats, events, pacedCount, flood) : undefined };
    }
    if (only !== 'events') {
      const result = await runSagasBench(nats, sagas);
      print(sagasSummary(result));
      sagasPerSecond = result.per_second;
      report.sagas = result;
    }
  });
  const disturbed = [report.events, (report.events as { at_half_load?: unknown } | undefined)?.at_half_load, report.sagas]
    .map((part) => (part as { cpu?: CpuReport } | undefined)?.cpu)
    .filter((cpu): cpu is CpuReport => cpu !== undefined && othersCores(cpu) > DISTURBED_CORES);
  if (disturbed.length > 0) {
    report.warning =
      `processes not started by the bench used up to ${Math.max(...disturbed.map(othersCores))} cores during ${disturbed.length} of the runs: ` +
      'the numbers are lower than this machine can do; run again when it is quiet';
  }
  report.goals = { events_per_second: goal(GOALS.events_per_second, eventsPerSecond), sagas_per_second: goal(GOALS.sagas_per_second, sagasPerSecond) };
  report.bench_seconds = Math.round((Date.now() - started) / 1000);
  await mkdir(RESULTS_DIR, { recursive: true });
  // A partial run does not overwrite the full report.
  const file = join(RESULTS_DIR, only === 'all' ? 'bus.json' : `bus.${only}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  print([
    ...(report.warning ? [`WARNING: ${String(report.warning)}`] : []),
    `goals: ${eventsPerSecond ?? '-'} of ${GOALS.events_per_second} events/s, ${sagasPerSecond ?? '-'} of ${GOALS.sagas_per_second} sagas/s`,
    `wrote ${file}; the bench took ${report.bench_seconds} s`,
  ]);
}

/** A nats-server (the tests' configuration) whose store is removed afterwards. */
async function withNatsServer(work: (nats: NatsServerHandle) => Promise<void>): Promise<void> {
  const dir = await tempDir('bench-nats');
  const removeDir = deferCleanup(() => rm(dir, { recursive: true, force: true }));
  try {
    const nats = await startNatsServer({ storeDir: join(dir, 'store') });
    const stop = deferCleanup(() => nats.stop());
    try {
      await work(nats);
    } finally {
      await stop();
    }
  } finally {
    await removeDir();
  }
}

/** Half the measured throughput, in small transactions: how long an event takes when the pipeline keeps up. */
async function halfLoad(nats: NatsServerHandle, events: EventsOptions, count: number, flood: EventsResult): Promise<EventsResult> {
  const rate = Math.max(100, Math.round(flood.per_second / 2 / 100) * 100);
  const paced = await runEventsBench(nats, { ...events, count, rate, perTransaction: 10, profileDir: undefined });
  print(eventsSummary(`events, ${rate}/s offered (half the throughput)`, paced));
  return paced;
}

function othersCores(cpu: CpuReport): number {
  return Math.round(((cpu.cores_used.other ?? 0) + (cpu.cores_used.unaccounted ?? 0)) * 100) / 100;
}

function goal(target: number, measured: number | undefined): { goal: number; measured?: number; met?: boolean } {
  return measured === undefined ? { goal: target } : { goal: target, measured, met: measured >= target };
}

function print(lines: string[]): void {
  process.stdout.write(`\n${lines.join('\n')}\n`);
}
