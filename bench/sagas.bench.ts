import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, freePort, NatsServerHandle, ServiceProcess, startServiceProcess, tempDir, uniqueName, waitFor } from '@tandem/testing';
import { deferCleanup } from './cleanup';
import { cpuBetween, CpuReport, cpuSnapshot, cpuVerdict } from './cpu-usage';
import { describeSessions, pgCounters, sampleSessions, SessionStates, waitForSessionsGone } from './pg-stats';
import { profileEnv } from './worker-process';
import { distribution, Distribution, round } from './stats';

export interface SagasOptions {
  count: number;
  /** POST /v1/sagas requests in flight at once. */
  httpConcurrency: number;
  /** TANDEM_CONSUMER_CONCURRENCY of both services. */
  consumerConcurrency: number;
  timerIntervalMs: number;
  logLevel: string;
  /** Where to write CPU profiles of the coordinator and the agent; none when undefined. */
  profileDir?: string;
}

export interface SagasResult extends Distribution {
  count: number;
  /** Sagas started by the bench, as in the brief: all of them, in flight at once. */
  concurrency: number;
  per_second: number;
  completed: number;
  /** Most sagas running at the same moment (from created_at/ended_at). */
  peak_running: number;
  /** First created → last created, and first created → first ended. */
  all_started_after_s: number;
  first_ended_after_s: number;
  duration_s: number;
  settings: SagasOptions;
  cpu: CpuReport;
  /**
   * Transactions per saga from pg_stat_database. They include, besides the handlers' and the relay's, one short
   * read-only transaction per NOTIFY that the relay's LISTEN session runs to read the notification.
   */
  postgres: { coordinator_transactions_per_saga: number; agent_transactions_per_saga: number; sessions: SessionStates };
  limits: string;
}

const RUN_TIMEOUT_MS = 300_000;

/**
 * Three-step self-test sagas across a real coordinator and agent process (each with its own database) over
 * JetStream. All sagas are requested at once over HTTP; each one's duration is `ended_at - created_at` in the
 * coordinator's `tandem_saga` table, and throughput is count over first created to last ended.
 */
export async function runSagasBench(nats: NatsServerHandle, o: SagasOptions): Promise<SagasResult> {
  // Newest first: `stops` end processes and connections, `removals` then delete what they used.
  const stops: (() => Promise<void>)[] = [];
  const removals: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops) await stop();
  };
  try {
    const [coordDb, agentDb] = await Promise.all([createTestDatabase('bench_coord'), createTestDatabase('bench_agent')]);
    for (const db of [coordDb, agentDb]) removals.unshift(deferCleanup(() => db.drop()));
    const dir = await tempDir('bench-sagas');
    removals.unshift(deferCleanup(() => rm(dir, { recursive: true, force: true })));
    const { agent, coordinator, coordUrl } = await startServices(nats, o, dir, { coordinator: coordDb.url, agent: agentDb.url }, stops);
    const sql = new Client({ connectionString: coordDb.url });
    await sql.connect();
    stops.unshift(deferCleanup(() => sql.end()));

    const sessions = await sampleSessions({ coordinator: coordDb.name, agent: agentDb.name });
    stops.unshift(deferCleanup(async () => void (await sessions.stop())));
    const before = cpuSnapshot();
    const ids = Array.from({ length: o.count }, (_, i) => `bench-${i}`);
    await startAll(coordUrl, ids, o.httpConcurrency);
    await waitFor(async () => Number((await sql.query(`SELECT count(*) AS n FROM tandem_saga WHERE ended_at IS NOT NULL`)).rows[0].n) >= o.count, {
      what: `${o.count} sagas to end`,
      timeoutMs: RUN_TIMEOUT_MS,
      intervalMs: 200,
    });
    const cpu = cpuBetween(before, cpuSnapshot(), { coordinator: coordinator.pid, agent: agent.pid, 'nats-server': nats.pid, driver: process.pid });
    const states = await sessions.stop();
    const rows = (
      await sql.query(
        `SELECT phase, extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM ended_at) * 1000 AS ended FROM tandem_saga`,
      )
    ).rows.map((r: { phase: string; created: string; ended: string }) => ({ phase: r.phase, created: Number(r.created), ended: Number(r.ended) }));
    await stopAll();
    await waitForSessionsGone([coordDb.name, agentDb.name]);
    const pg = await pgCounters([coordDb.name, agentDb.name]);

    const firstCreated = Math.min(...rows.map((r) => r.created));
    const lastCreated = Math.max(...rows.map((r) => r.created));
    const firstEnded = Math.min(...rows.map((r) => r.ended));
    const durationS = (Math.max(...rows.map((r) => r.ended)) - firstCreated) / 1000;
    const postgres = {
      coordinator_transactions_per_saga: round(pg.commits[coordDb.name]! / o.count, 2),
      agent_transactions_per_saga: round(pg.commits[agentDb.name]! / o.count, 2),
      sessions: states,
    };
    return {
      count: o.count,
      concurrency: o.count,
      per_second: Math.round(o.count / durationS),
      ...distribution(rows.map((r) => r.ended - r.created)),
      completed: rows.filter((r) => r.phase === 'Completed').length,
      peak_running: peakRunning(rows),
      all_started_after_s: round((lastCreated - firstCreated) / 1000, 2),
      first_ended_after_s: round((firstEnded - firstCreated) / 1000, 2),
      duration_s: round(durationS, 2),
      settings: o,
      cpu,
      postgres,
      limits:
        `${cpuVerdict(cpu, ['coordinator', 'agent'])}; Postgres sessions on average: ${describeSessions(states)} ` +
        `('idle in transaction' = waiting for the service's next statement); transactions per saga: coordinator ` +
        `${postgres.coordinator_transactions_per_saga}, agent ${postgres.agent_transactions_per_saga} (relay rounds and NOTIFY reads included)`,
    };
  } finally {
    await stopAll();
    for (const remove of removals) await remove();
  }
}

/** Starts the agent, then the coordinator, as real processes; registers their stopping in `stops`. */
async function startServices(
  nats: NatsServerHandle,
  o: SagasOptions,
  dir: string,
  databaseUrls: { coordinator: string; agent: string },
  stops: (() => Promise<void>)[],
): Promise<{ agent: ServiceProcess; coordinator: ServiceProcess; coordUrl: string }> {
  const common = {
    TANDEM_NATS_URL: nats.url,
    TANDEM_BUS_PREFIX: uniqueName('bench'),
    TANDEM_HTTP_HOST: '127.0.0.1',
    TANDEM_LOG_LEVEL: o.logLevel,
    TANDEM_CONSUMER_CONCURRENCY: String(o.consumerConcurrency),
  };
  const [agentPort, coordPort] = [await freePort(), await freePort()];
  const agent = await startServiceProcess({
    name: 'agent',
    entry: 'apps/agent/src/main.ts',
    env: {
      ...common,
      TANDEM_DATABASE_URL: databaseUrls.agent,
      TANDEM_HTTP_PORT: String(agentPort),
      TANDEM_AGENT_DATA_DIR: join(dir, 'agent'),
      ...profileEnv('agent', o.profileDir),
    },
    readyUrl: `http://127.0.0.1:${agentPort}/readyz`,
    logFile: join(dir, 'agent.log'),
  });
  stops.unshift(deferCleanup(async () => void (await agent.stop())));
  const coordUrl = `http://127.0.0.1:${coordPort}`;
  const coordinator = await startServiceProcess({
    name: 'coordinator',
    entry: 'apps/coordinator/src/main.ts',
    env: {
      ...common,
      TANDEM_DATABASE_URL: databaseUrls.coordinator,
      TANDEM_HTTP_PORT: String(coordPort),
      TANDEM_SAGA_TIMER_INTERVAL_MS: String(o.timerIntervalMs),
      ...profileEnv('coordinator', o.profileDir),
    },
    readyUrl: `${coordUrl}/readyz`,
    logFile: join(dir, 'coordinator.log'),
  });
  stops.unshift(deferCleanup(async () => void (await coordinator.stop())));
  return { agent, coordinator, coordUrl };
}

/** POSTs one self-test saga per id, `concurrency` requests at a time; every one must be accepted. */
async function startAll(baseUrl: string, ids: string[], concurrency: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < ids.length; i = next++) {
      const res = await fetch(`${baseUrl}/v1/sagas`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ saga: 'selftest', id: ids[i], input: { probe: `bench ${i}` } }),
      });
      const body = await res.text();
      if (res.status !== 202) throw new Error(`POST /v1/sagas for ${ids[i]} answered ${res.status}: ${body}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}

function peakRunning(rows: { created: number; ended: number }[]): number {
  const edges = rows.flatMap((r) => [[r.created, 1] as const, [r.ended, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (running += delta));
  return peak;
}
