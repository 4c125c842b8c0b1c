import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeObject } from '@tandem/platform';
import { tempDir, testPostgresUrl, uniqueName, waitFor } from '@tandem/testing';
import { APP_NAMESPACE, CLUSTER_PAIR, DR_SITE, type FailoverView, type MigrationView, PRIMARY, TwoSiteLab, type TwoSiteLabOptions, type WriterAck } from '../apps/lab/src/two-site';
import { cleanUpOnSignals, deferCleanup } from './cleanup';
import { Flags, UsageError } from './flags';
import { percentile, round } from './stats';

const RESULTS_DIR = join(__dirname, 'results');
const SCENARIOS = ['all', 'planned', 'async', 'bulk', 'metro'] as const;
type Scenario = Exclude<(typeof SCENARIOS)[number], 'all'>;
const GOAL_RTO_S = 10;
const GOAL_BULK_S = 60;
/** The bulk schedules' policy: a new schedule fires once when declared, and (with a day's interval) not again. */
const BULK_POLICY = 'bench-once-a-day';
const BULK_INTERVAL_S = 86_400;

/**
 * `npm run bench -- failover`: failover on the two-site lab, each scenario on a lab of its own.
 * - planned: the primary up; protect until 2 migrations succeeded, fail over; RTO (the coordinator's rtoSeconds,
 *   and the wall time from the request to dr-site's PostgreSQL answering SQL), rows lost (acks not on dr-site).
 * - async: databases per site; protect until 2 migrations, kill the whole primary site, fail over; RTO, rows lost,
 *   RPO (the last ack before the kill − the newest snapshot dr-site holds).
 * - bulk: `--apps` namespaces (app-01 …), each a Deployment (a sleeping process, a readiness probe that passes)
 *   and a ConfigMap, protected by one MigrationSchedule each (no volumes, no rules, fired once; declared
 *   `--protect-batch` at a time); after one successful migration of each, all failed over at once; each one's
 *   rtoSeconds (p50, max) and the wall time to all Successful. Those not Successful are failed over again
 *   `--failover-batch` at a time (`retried_in_batches`).
 * - metro: both sites on stretched storage, the pair a metro pair, no volume copy; kill the primary, fail over.
 * Writes bench/results/failover.json (failover.partial.json when `--only` picks one scenario or `--apps` is not 50).
 */
export async function runFailoverBench(values: Record<string, string>): Promise<void> {
  const flags = new Flags(values);
  const only = flags.str('only', SCENARIOS, 'all');
  const apps = flags.int('apps', 50);
  const timeoutS = flags.int('timeout', 600);
  const protectBatch = flags.int('protect-batch', 5);
  const failoverBatch = flags.int('failover-batch', 5);
  const bulkFailoverTimeoutS = flags.int('bulk-failover-timeout', 180);
  const keep = flags.int('keep', 0) === 1;
  flags.checkAllUsed();
  if (failoverBatch < 1) throw new UsageError(`--failover-batch=${failoverBatch}: fail over at least 1 application at a time`);
  if (protectBatch < 1) throw new UsageError(`--protect-batch=${protectBatch}: declare at least 1 schedule at a time`);
  if (apps < 1 || apps > 99) throw new UsageError(`--apps=${apps}: expected 1 to 99 applications (named app-01 … app-99)`);
  cleanUpOnSignals();

  const started = Date.now();
  const report: Record<string, unknown> = {
    bench: 'failover',
    at: new Date().toISOString(),
    environment: { node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model },
  };
  const run = (s: Scenario) => only === 'all' || only === s;
  const timeoutMs = timeoutS * 1000;
  const scenario = async (name: Scenario, measure: () => Promise<Record<string, unknown>>): Promise<void> => {
    if (!run(name)) return;
    print(`\n== ${name} ==`);
    const at = Date.now();
    try {
      report[name] = { ...(await measure()), scenario_seconds: Math.round((Date.now() - at) / 1000) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      print(`${name} failed: ${message}`);
      report[name] = name === 'metro' ? { skipped: `the metro run failed: ${message}` } : { failed: message };
    }
  };
  await scenario('planned', () => withLab('planned', { databaseUrl: testPostgresUrl(), databasePrefix: uniqueName('bfop') }, keep, (lab) => measurePlanned(lab, timeoutMs)));
  await scenario('async', () => withLab('async', { databases: 'per-site', databasePrefix: uniqueName('bfoa') }, keep, (lab) => measureUnplanned(lab, timeoutMs, true)));
  await scenario('bulk', () => withLab('bulk', { databaseUrl: testPostgresUrl(), databasePrefix: uniqueName('bfob'), schedule: false }, keep, (lab) => measureBulk(lab, apps, protectBatch, failoverBatch, timeoutMs, bulkFailoverTimeoutS * 1000)));
  await scenario('metro', () => withLab('metro', { databases: 'per-site', databasePrefix: uniqueName('bfom'), metro: true }, keep, (lab) => measureUnplanned(lab, timeoutMs, false)));

  report['goals'] = goals(report);
  report['bench_seconds'] = Math.round((Date.now() - started) / 1000);
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, only === 'all' && apps === 50 ? 'failover.json' : 'failover.partial.json');
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  print(`\n${JSON.stringify(report['goals'], null, 2)}\nwrote ${file}; the bench took ${String(report['bench_seconds'])} s`);
}

async function withLab<T>(name: string, options: Partial<TwoSiteLabOptions>, keep: boolean, measure: (lab: TwoSiteLab) => Promise<T>): Promise<T> {
  const dir = await tempDir(`bench-failover-${name}`);
  const removeDir = deferCleanup(() => (keep ? Promise.resolve() : rm(dir, { recursive: true, force: true })));
  try {
    print(`starting the two-site lab (${name}) …`);
    const lab = await TwoSiteLab.start({ dir, searchPath: (process.env.PATH ?? '').split(delimiter).filter(Boolean), onProgress: (line) => print(`  ${line}`), ...options });
    const stopLab = deferCleanup(() => lab.stop());
    try {
      const missing = ['scheduler', 'coordinator', 'failover', 'snapshot', 'replication', 'migration'].flatMap((app) => [`${PRIMARY}/${app}`, `${DR_SITE}/${app}`]).filter((k) => !lab.has(k));
      if (missing.length > 0 || !lab.pair) throw new Error(`the two-site lab runs without ${[...missing, ...(lab.pair ? [] : ['the cluster pair'])].join(', ')}: no failover can run`);
      return await measure(lab);
    } finally {
      print(`stopping the two-site lab (${name}) …`);
      await stopLab();
    }
  } finally {
    await removeDir();
  }
}

/** The successful migrations of appns-protect the primary's coordinator ran, oldest first. */
async function successfulMigrations(lab: TwoSiteLab): Promise<MigrationView[]> {
  return (await lab.coordinatorMigrations(PRIMARY)).filter((m) => m.status === 'Successful').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function twoMigrations(lab: TwoSiteLab, timeoutMs: number): Promise<MigrationView[]> {
  print('waiting for two successful migrations …');
  return waitFor(
    async () => {
      const done = await successfulMigrations(lab);
      return done.length >= 2 ? done : undefined;
    },
    { what: 'two successful migrations of appns', timeoutMs, intervalMs: 500 },
  );
}

interface SagaLogEvent {
  type: string;
  step?: string;
  action?: string;
  at: string;
}

/** Per step of a failover saga, first dispatch → last success (or failure), seconds; and the time outside any step. */
async function failoverSteps(lab: TwoSiteLab, sagaId: string, rtoSeconds: number | undefined): Promise<{ steps: Record<string, number>; between_steps_s?: number }> {
  const res = await fetch(`${lab.url(DR_SITE, 'coordinator')}/v1/sagas/${encodeURIComponent(sagaId)}`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET the failover saga ${sagaId} on dr-site's coordinator answered ${res.status}: ${await res.text()}`);
  const saga = (await res.json()) as { log: SagaLogEvent[] };
  const steps: Record<string, number> = {};
  let inSteps = 0;
  const names = [...new Set(saga.log.filter((e) => e.type === 'StepDispatched' && e.step).map((e) => e.step!))];
  for (const step of names) {
    const dispatched = saga.log.filter((e) => e.type === 'StepDispatched' && e.step === step && e.action === 'do');
    const ended = saga.log.filter((e) => (e.type === 'StepSucceeded' || e.type === 'StepFailed') && e.step === step && e.action === 'do');
    if (dispatched.length === 0 || ended.length === 0) continue;
    const s = (Date.parse(ended.at(-1)!.at) - Date.parse(dispatched[0]!.at)) / 1000;
    steps[step] = round(s, 3);
    inSteps += s;
  }
  return { steps, ...(rtoSeconds === undefined ? {} : { between_steps_s: round(rtoSeconds - inSteps, 3) }) };
}

interface MeasuredFailover {
  name: string;
  status: string;
  stage: string;
  reason?: string;
  source_reachable?: boolean;
  source_stopped?: boolean;
  /** The coordinator's RTO: the failover saga created → ended. */
  rto_s?: number;
  /** POST /v1/failovers → dr-site's PostgreSQL answering `SELECT count(*) FROM ledger`. */
  wall_to_sql_s: number;
  /** POST /v1/failovers → the failover seen ended by the bench. */
  wall_to_ended_s: number;
  steps: Record<string, number>;
  between_steps_s?: number;
}

/** Fails appns-protect over to dr-site and measures it: the coordinator's view, and the wall time to SQL on dr-site. */
async function failOver(lab: TwoSiteLab, timeoutMs: number): Promise<MeasuredFailover> {
  const requestedAt = Date.now();
  const started = await lab.failover();
  print(`failover ${started.failover} requested …`);
  let sqlAt: number | undefined;
  const sql = waitFor(
    async () => {
      try {
        await lab.drPsql('SELECT count(*) FROM ledger');
        sqlAt = Date.now();
        return true;
      } catch {
        return false;
      }
    },
    { what: "dr-site's PostgreSQL to answer SQL", timeoutMs, intervalMs: 100 },
  );
  let last: FailoverView | string = 'not seen yet';
  const view = await waitFor(
    async () => {
      try {
        last = await lab.failoverView(started.failover);
      } catch (error) {
        last = (error as Error).message;
        return undefined;
      }
      return last.status === 'InProgress' ? undefined : last;
    },
    { what: `failover ${started.failover} to end (last seen ${JSON.stringify(last)})`, timeoutMs, intervalMs: 100 },
  );
  const endedAt = Date.now();
  if (view.status !== 'Successful') {
    await Promise.race([sql, Promise.resolve()]).catch(() => undefined);
    throw new Error(`failover ${view.name} ended ${view.status} at ${view.stage}: ${view.reason ?? 'no reason given'}`);
  }
  await sql;
  const { steps, between_steps_s } = await failoverSteps(lab, started.sagaId, view.rtoSeconds);
  const measured: MeasuredFailover = {
    name: view.name,
    status: view.status,
    stage: view.stage,
    ...(view.sourceReachable === undefined ? {} : { source_reachable: view.sourceReachable }),
    ...(view.sourceStopped === undefined ? {} : { source_stopped: view.sourceStopped }),
    ...(view.rtoSeconds === undefined ? {} : { rto_s: round(view.rtoSeconds, 3) }),
    wall_to_sql_s: round((sqlAt! - requestedAt) / 1000, 3),
    wall_to_ended_s: round((endedAt - requestedAt) / 1000, 3),
    steps,
    ...(between_steps_s === undefined ? {} : { between_steps_s }),
  };
  print(`${view.name}: ${view.status}, rtoSeconds ${measured.rto_s ?? '?'} s, SQL on dr-site after ${measured.wall_to_sql_s} s; steps ${JSON.stringify(steps)}`);
  return measured;
}

async function drLedgerIds(lab: TwoSiteLab): Promise<Set<number>> {
  const out = await lab.drPsql('SELECT id FROM ledger ORDER BY id');
  return new Set(out.split('\n').filter(Boolean).map(Number));
}

const missing = (acks: WriterAck[], present: Set<number>): number[] => acks.filter((a) => !present.has(a.id)).map((a) => a.id);

async function measurePlanned(lab: TwoSiteLab, timeoutMs: number): Promise<Record<string, unknown>> {
  const migrations = await twoMigrations(lab, timeoutMs);
  const failover = await failOver(lab, timeoutMs);
  const acks = await lab.writerAcks();
  const lost = missing(acks, await drLedgerIds(lab));
  print(`planned: ${lost.length} of ${acks.length} acknowledged rows missing on dr-site`);
  return { rto_s: failover.rto_s, wall_to_sql_s: failover.wall_to_sql_s, rows_lost: lost.length, rows_acknowledged: acks.length, migrations_before: migrations.length, failover };
}

/** Kills the whole primary site and fails over; `async` also measures the RPO (the metro pair has no snapshots). */
async function measureUnplanned(lab: TwoSiteLab, timeoutMs: number, withRpo: boolean): Promise<Record<string, unknown>> {
  const migrations = await twoMigrations(lab, timeoutMs);
  const newest = migrations.at(-1)!;
  // dr-site learnt of the newest migration (its end crossed the link) before the primary goes.
  await waitFor(
    async () => (await lab.protectedApplications()).some((a) => a.namespace === APP_NAMESPACE && a.takenAt !== undefined && (!newest.takenAt || Date.parse(a.takenAt) >= Date.parse(newest.takenAt))),
    { what: `dr-site to know the migration ${newest.name}`, timeoutMs: 60_000, intervalMs: 250 },
  );
  const ackCount = (await lab.writerAcks()).length;
  await waitFor(async () => (await lab.writerAcks()).length >= ackCount + 10, { what: 'ten more acknowledged inserts', timeoutMs: 30_000 });
  const killedAt = Date.now();
  await lab.killSite(PRIMARY);
  print('the primary site is killed (SIGKILL to all of it)');
  const primaryAcks = (await lab.writerAcks()).filter((a) => a.ackedAt.getTime() <= killedAt);
  const known = (await lab.protectedApplications()).find((a) => a.namespace === APP_NAMESPACE);

  const failover = await failOver(lab, timeoutMs);
  const lost = missing(primaryAcks, await drLedgerIds(lab));
  const result: Record<string, unknown> = { rto_s: failover.rto_s, wall_to_sql_s: failover.wall_to_sql_s, rows_lost: lost.length, rows_acknowledged: primaryAcks.length };
  if (withRpo) {
    const takenAt = known?.takenAt ? Date.parse(known.takenAt) : Number.NaN;
    const lastAck = primaryAcks.at(-1)?.ackedAt.getTime() ?? Number.NaN;
    result['rpo_s'] = round((lastAck - takenAt) / 1000, 3);
    result['snapshot_taken_at'] = known?.takenAt;
    result['last_ack_at'] = primaryAcks.at(-1)?.ackedAt.toISOString();
  }
  print(`unplanned: ${lost.length} of ${primaryAcks.length} acknowledged rows missing on dr-site${withRpo ? `, RPO ${String(result['rpo_s'])} s` : ''}`);
  return { ...result, migrations_before: migrations.length, failover };
}

const appName = (i: number) => `app-${String(i).padStart(2, '0')}`;
const bulkSchedule = (ns: string) => `${ns}-protect`;

function bulkApplication(ns: string): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns, labels: { app: 'sleeper' } }, data: { GREETING: `hello from ${ns}` } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sleeper', namespace: ns, labels: { app: 'sleeper' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'sleeper' } },
        template: {
          metadata: { labels: { app: 'sleeper' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'sleeper',
                image: 'busybox:1',
                command: ['sleep', '86400'],
                envFrom: [{ configMapRef: { name: 'settings' } }],
                readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 },
              },
            ],
          },
        },
      },
    },
  ];
}

/** The SchedulePolicy (fires once: a day's interval) and one MigrationSchedule per namespace (no volumes, no rules), in appns. */
function bulkScheduleDocuments(namespaces: string[], withPolicy: boolean): string {
  const policy = `apiVersion: tandem.dev/v1alpha1
kind: SchedulePolicy
metadata:
  name: ${BULK_POLICY}
policy:
  interval:
    intervalSeconds: ${BULK_INTERVAL_S}
    retain: 3
`;
  const schedules = namespaces.map(
    (ns) => `apiVersion: tandem.dev/v1alpha1
kind: MigrationSchedule
metadata:
  name: ${bulkSchedule(ns)}
  namespace: ${APP_NAMESPACE}
spec:
  schedulePolicyName: ${BULK_POLICY}
  template:
    spec:
      clusterPair: ${CLUSTER_PAIR}
      namespaces: [${ns}]
      includeResources: true
      includeVolumes: false
      startApplications: false
`,
  );
  return [...(withPolicy ? [policy] : []), ...schedules].join('---\n');
}

async function measureBulk(lab: TwoSiteLab, count: number, protectBatch: number, failoverBatch: number, timeoutMs: number, failoverTimeoutMs: number): Promise<Record<string, unknown>> {
  const namespaces = Array.from({ length: count }, (_, i) => appName(i + 1));
  print(`deploying ${count} applications on the primary …`);
  const platform = await lab.sourcePlatform();
  try {
    for (const ns of namespaces) for (const object of bulkApplication(ns)) await platform.apply(object, { fieldManager: 'tandem-bench' });
    await waitFor(
      async () => {
        for (const ns of namespaces) {
          const status = await platform.workloadStatus({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'sleeper' });
          if (status.ready !== 1) return false;
        }
        return true;
      },
      { what: `the ${count} Deployments to be ready on the primary`, timeoutMs, intervalMs: 500 },
    );
  } finally {
    await platform.close();
  }

  // Declared `protectBatch` at a time, each batch once the previous one has its migrations: the migration
  // service stalls when as many migrate-resources commands as its connection pool has connections arrive at once
  // (each holds a connection for its request lock and waits for another).
  print(`declaring ${count} MigrationSchedules (each fires once), ${protectBatch} at a time …`);
  const declaredAt = Date.now();
  const wanted = new Set(namespaces.map(bulkSchedule));
  let lastProgress = '';
  for (let from = 0; from < count; from += protectBatch) {
    const batch = namespaces.slice(from, from + protectBatch);
    const postedAt = Date.now();
    const res = await fetch(`${lab.url(PRIMARY, 'scheduler')}/v1/resources`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: bulkScheduleDocuments(batch, from === 0),
      signal: AbortSignal.timeout(180_000),
    }).catch((error: Error) => {
      throw new Error(`POST the schedules ${batch.map(bulkSchedule).join(', ')} to the primary's scheduler after ${Math.round((Date.now() - postedAt) / 1000)} s: ${error.message}`, { cause: error });
    });
    if (!res.ok) throw new Error(`POST the bulk schedules answered ${res.status}: ${await res.text()}`);
    const upTo = from + batch.length;
    await waitFor(
      () => tolerant('the migrations', async () => {
        const items = (await getJson<{ items: MigrationView[] }>(`${lab.url(PRIMARY, 'coordinator')}/v1/migrations?namespace=${APP_NAMESPACE}&limit=1000`)).items;
        const failed = items.filter((m) => wanted.has(m.schedule ?? '') && m.status !== 'Successful' && m.status !== 'InProgress');
        if (failed.length > 0) throw new BulkFailure(`${failed.length} bulk migration(s) did not succeed, e.g. ${failed[0]!.name}: ${failed[0]!.status} ${failed[0]!.reason ?? ''}`);
        const done = new Set(items.filter((m) => wanted.has(m.schedule ?? '') && m.status === 'Successful').map((m) => m.schedule));
        const progress = `${done.size}/${count} schedules have a successful migration`;
        if (progress !== lastProgress) print(`  ${(lastProgress = progress)}`);
        return done.size >= upTo || undefined;
      }),
      { what: `one successful migration of each of the first ${upTo} schedules`, timeoutMs, intervalMs: 500 },
    );
  }
  const protectS = (Date.now() - declaredAt) / 1000;
  // dr-site must know each of them before it can fail them over.
  await waitFor(
    () =>
      tolerant("dr-site's protected applications", async () => {
        const known = new Set((await lab.protectedApplications()).map((a) => a.schedule));
        return [...wanted].every((s) => known.has(s)) || undefined;
      }),
    { what: `dr-site to know the ${count} protected applications`, timeoutMs: 120_000, intervalMs: 500 },
  );

  print(`failing over ${count} applications at once …`);
  const together = await failOverTogether(lab, namespaces.map(bulkSchedule), failoverTimeoutMs);
  const result: Record<string, unknown> = { apps: count, protect_all_once_s: round(protectS, 1), ...together.figures };
  const left = together.notSuccessful;
  if (left.length > 0 && failoverBatch < count) {
    // What the bulk run leaves behind, failed over again a few at a time: the RTO when the services are not swamped.
    print(`failing the ${left.length} not Successful over again, ${failoverBatch} at a time …`);
    const at = Date.now();
    const batches: Record<string, unknown>[] = [];
    let error: string | undefined;
    for (let from = 0; from < left.length && error === undefined; from += failoverBatch) {
      try {
        batches.push((await failOverTogether(lab, left.slice(from, from + failoverBatch), failoverTimeoutMs)).figures);
      } catch (e) {
        error = (e as Error).message;
        print(`  the retry stopped: ${error}`);
      }
    }
    const rtos = batches.flatMap((b) => (b['rtos'] as number[] | undefined) ?? []).sort((a, b) => a - b);
    result['retried_in_batches'] = {
      batch: failoverBatch,
      apps: left.length,
      successful: batches.reduce((sum, b) => sum + Number(b['successful'] ?? 0), 0),
      rto_s_p50: round(percentile(rtos, 50), 3),
      rto_s_max: round(rtos.at(-1) ?? Number.NaN, 3),
      wall_all_ended_s: round((Date.now() - at) / 1000, 3),
      ...(error === undefined ? {} : { stopped: error }),
      batches: batches.map((b) => ({ ...b, rtos: undefined })),
    };
  }
  delete result['rtos'];
  print(`bulk: ${String(result['successful'])}/${count} Successful at once; RTO p50 ${String(result['rto_s_p50'])} s, max ${String(result['rto_s_max'])} s; all ended after ${String(result['wall_all_ended_s'])} s`);
  if (result['retried_in_batches']) print(`bulk, retried ${failoverBatch} at a time: ${JSON.stringify({ ...(result['retried_in_batches'] as Record<string, unknown>), batches: undefined })}`);
  return result;
}

/** Starts one failover per schedule at once and waits for them all to end (or `timeoutMs`); what the coordinator says of them. */
async function failOverTogether(lab: TwoSiteLab, schedules: string[], timeoutMs: number): Promise<{ figures: Record<string, unknown>; notSuccessful: string[] }> {
  const count = schedules.length;
  const startedAt = Date.now();
  const started = await Promise.all(
    schedules.map((schedule) =>
      lab.failover({ migrationSchedule: schedule }).catch((error: Error) => {
        throw new Error(`POST /v1/failovers for ${schedule} after ${Math.round((Date.now() - startedAt) / 1000)} s: ${error.message}`, { cause: error });
      }),
    ),
  );
  const postedS = (Date.now() - startedAt) / 1000;
  const names = new Set(started.map((s) => s.failover));
  let views: FailoverView[] = [];
  let lastProgress = '';
  const allEnded = await waitFor(
    () =>
      tolerant('the failovers', async () => {
        views = (await getJson<{ items: FailoverView[] }>(`${lab.url(DR_SITE, 'coordinator')}/v1/failovers?namespace=${APP_NAMESPACE}&limit=1000`)).items.filter((v) => names.has(v.name));
        const ended = views.filter((v) => v.status !== 'InProgress');
        const progress = `${ended.length}/${count} failovers ended`;
        if (progress !== lastProgress && count > 10) print(`  ${(lastProgress = progress)}`);
        return ended.length === count || undefined;
      }),
    { what: `the ${count} failovers to end`, timeoutMs, intervalMs: 250 },
  ).catch(() => false);
  const endedS = (Date.now() - startedAt) / 1000;
  const stuck: Record<string, number> = {};
  for (const v of views.filter((x) => x.status === 'InProgress')) stuck[v.stage] = (stuck[v.stage] ?? 0) + 1;
  const failed = views.filter((v) => v.status !== 'Successful' && v.status !== 'InProgress');
  const successful = views.filter((v) => v.status === 'Successful');
  const rtos = successful.filter((v) => v.rtoSeconds !== undefined).map((v) => v.rtoSeconds!).sort((a, b) => a - b);
  // Where the time goes: the step log of the slowest (of those that ended).
  const slowest = [...views].filter((v) => v.status !== 'InProgress').sort((a, b) => (b.rtoSeconds ?? Date.parse(b.finishedAt ?? b.createdAt) - Date.parse(b.createdAt)) - (a.rtoSeconds ?? Date.parse(a.finishedAt ?? a.createdAt) - Date.parse(a.createdAt)))[0];
  const slowestSaga = slowest ? started.find((s) => s.failover === slowest.name)?.sagaId : undefined;
  const slowestSteps = slowestSaga ? await failoverSteps(lab, slowestSaga, slowest?.rtoSeconds).catch((error: Error) => ({ error: error.message })) : undefined;
  const reasons: Record<string, number> = {};
  for (const v of failed) {
    const key = `${v.status} at ${v.stage}: ${(v.reason ?? '').slice(0, 200)}`;
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  const scheduleOf = (name: string) => schedules.find((s) => name.startsWith(`${s}-failover-`));
  const notSuccessful = schedules.filter((s) => !successful.some((v) => scheduleOf(v.name) === s));
  return {
    notSuccessful,
    figures: {
      successful: successful.length,
      ...(failed.length > 0 ? { not_successful: failed.length, reasons } : {}),
      ...(allEnded ? {} : { still_in_progress_by_stage: stuck }),
      rto_s_p50: round(percentile(rtos, 50), 3),
      rto_s_max: round(rtos.at(-1) ?? Number.NaN, 3),
      rto_s_min: round(rtos[0] ?? Number.NaN, 3),
      [allEnded ? 'wall_all_ended_s' : 'waited_s']: round(endedS, 3),
      ...(successful.length === count ? { wall_all_successful_s: round(endedS, 3) } : {}),
      posting_s: round(postedS, 3),
      rtos,
      slowest: slowest ? { name: slowest.name, status: slowest.status, rto_s: slowest.rtoSeconds, ...slowestSteps } : undefined,
    },
  };
}

function goals(report: Record<string, unknown>): Record<string, unknown> {
  const fig = (name: string, key: string): number | undefined => {
    const value = (report[name] as Record<string, unknown> | undefined)?.[key];
    return typeof value === 'number' ? value : undefined;
  };
  const under = (v: number | undefined, limit: number) => (v === undefined ? 'not measured' : v < limit ? 'met' : 'NOT met');
  const zero = (v: number | undefined) => (v === undefined ? 'not measured' : v === 0 ? 'met' : 'NOT met');
  return {
    [`planned RTO < ${GOAL_RTO_S} s`]: under(fig('planned', 'rto_s'), GOAL_RTO_S),
    [`async RTO < ${GOAL_RTO_S} s`]: under(fig('async', 'rto_s'), GOAL_RTO_S),
    [`metro RTO < ${GOAL_RTO_S} s`]: under(fig('metro', 'rto_s'), GOAL_RTO_S),
    'planned rows lost = 0': zero(fig('planned', 'rows_lost')),
    'metro rows lost = 0': zero(fig('metro', 'rows_lost')),
    [`bulk all Successful < ${GOAL_BULK_S} s`]:
      typeof (report['bulk'] as Record<string, unknown> | undefined)?.['failed'] === 'string'
        ? 'NOT met (the bulk run failed)'
        : fig('bulk', 'apps') !== undefined && fig('bulk', 'successful') !== fig('bulk', 'apps')
        ? `NOT met (${fig('bulk', 'successful') ?? 0} of ${fig('bulk', 'apps') ?? 0} Successful when started at once)`
        : under(fig('bulk', 'wall_all_successful_s'), GOAL_BULK_S),
  };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((error: Error) => {
    throw new Error(`GET ${url}: ${error.message}`, { cause: error });
  });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls `read` (an HTTP read that may fail for a moment when a service is busy): a failure is printed and polled again. */
async function tolerant<T>(what: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof BulkFailure) throw error;
    print(`  (${what}: ${(error as Error).message}; polling again)`);
    return undefined;
  }
}

/** A bulk migration that ended without success: no point waiting further. */
class BulkFailure extends Error {}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
