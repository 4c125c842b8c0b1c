import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@tandem/testing';
import type { LabConfig } from './config';
import { APP_NAMESPACE, CLUSTER_PAIR, DR_SITE, type FailoverView, MIGRATION_SCHEDULE, type MigrationView, PRIMARY, type SiteName, TwoSiteLab } from './two-site';

const out = (text: string) => process.stdout.write(text);
const clock = (at: Date | string) => new Date(at).toISOString().slice(11, 23);
const mb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

interface ApplicationView {
  namespace: string;
  schedule: string;
  rpoSeconds: number;
  limitSeconds: number;
  newestRecoveryPointAt?: string;
}

/** One line per change of a migration: where it is, and how it ended. */
function describe(m: MigrationView): string {
  const head = `  ${clock(new Date())}  ${m.name}  ${m.stage.padEnd(13)}`;
  if (m.status === 'InProgress') return `${head}${m.step ?? ''}`;
  const bytes = m.bytes.total > 0 ? `, ${mb(m.bytes.total)} (${mb(m.bytes.uploaded ?? 0)} uploaded)` : '';
  const rpo = m.rpoSeconds === undefined ? '' : `, RPO ${m.rpoSeconds.toFixed(1)} s`;
  const why = m.reason ? `: ${m.reason}` : '';
  return `${head}${m.status} in ${m.elapsedSeconds.toFixed(1)} s — volumes ${m.volumes.done}/${m.volumes.total}, resources ${m.resources.done}/${m.resources.total}${bytes}${rpo}${why}`;
}

/**
 * Tandem's main job on this machine: two lab sites, `primary` and `dr-site`, each with its own control plane pieces;
 * PostgreSQL with a writer committing rows on the primary, protected to dr-site every 5 s (application-consistent:
 * a pre rule checkpoints and holds writes while the volumes are captured). The migrations are shown as they happen;
 * then the schedule is suspended and the DR site is checked: every resource there at zero replicas, and a
 * PostgreSQL started on a copy of its volume holds every row acknowledged before the newest snapshot. Then a
 * planned failover to dr-site and a failback to the primary, each with its RTO and the rows checked on the site
 * that took over.
 */
export async function runProtectStory(config: LabConfig): Promise<number> {
  const dir = join(config.labDir, 'two-site');
  out('Tandem lab — asynchronous DR of a PostgreSQL application from site primary to site dr-site\n\n');
  const lab = await TwoSiteLab.start({
    dir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    searchPath: config.path.split(delimiter).filter(Boolean),
    onProgress: (line) => out(`  ${line}\n`),
  });
  try {
    out(`\nsites paired: ClusterPair ${APP_NAMESPACE}/${CLUSTER_PAIR} is Ready (generated on dr-site, applied on primary)\n`);
    out(`application ${APP_NAMESPACE}: StatefulSet pg (data on PVC data-pg-0), Deployment writer (a row every 20 ms), ConfigMap, Secret, Service\n`);
    out(`protected by MigrationSchedule ${MIGRATION_SCHEDULE} every 5 s: pre rule pg-presnap (CHECKPOINT, writes held until the snapshot), post rule pg-postsnap\n\n`);
    out(`migrations as they happen (until ${config.migrations} have succeeded):\n`);

    const seen = new Map<string, string>();
    const deadline = Date.now() + 10 * 60_000;
    let done: MigrationView[] = [];
    while (Date.now() < deadline) {
      const all = [...(await lab.coordinatorMigrations())].reverse();
      for (const m of all) {
        const key = `${m.stage}/${m.step ?? ''}/${m.status}`;
        if (seen.get(m.name) !== key) {
          seen.set(m.name, key);
          out(`${describe(m)}\n`);
        }
      }
      done = all.filter((m) => m.status === 'Successful');
      if (done.length >= config.migrations || all.some((m) => m.status === 'Failed')) break;
      await sleep(250);
    }

    out(`\nsuspending ${MIGRATION_SCHEDULE} and letting the migration in flight finish ...\n`);
    await fetch(`${lab.url('primary', 'scheduler')}/v1/migration-schedules/${APP_NAMESPACE}/${MIGRATION_SCHEDULE}/suspend`, { method: 'POST' });
    const final = await waitFor(
      async () => {
        const all = await lab.coordinatorMigrations();
        return all.every((m) => m.status !== 'InProgress') ? all : undefined;
      },
      { what: 'the last migration to finish', timeoutMs: 120_000 },
    );
    for (const m of [...final].reverse()) if (seen.get(m.name) !== `${m.stage}/${m.step ?? ''}/${m.status}`) out(`${describe(m)}\n`);
    const successful = final.filter((m) => m.status === 'Successful').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const failed = final.filter((m) => m.status !== 'Successful');
    if (successful.length === 0) {
      out(`\nno migration succeeded; logs are in ${join(dir, 'logs')}\n`);
      return 1;
    }

    const apps = (await lab.replicationApplications()) as { items: ApplicationView[] };
    const app = apps.items.find((a) => a.namespace === APP_NAMESPACE && a.schedule === MIGRATION_SCHEDULE);
    const [first, ...later] = successful;
    const newest = successful[successful.length - 1]!;

    const destination = await lab.destinationPlatform();
    let verified = false;
    const lines: string[] = [];
    try {
      for (const [apiVersion, kind, name] of [['v1', 'ConfigMap', 'pg-config'], ['v1', 'Secret', 'pg-auth'], ['v1', 'Service', 'pg'], ['v1', 'PersistentVolumeClaim', 'data-pg-0'], ['apps/v1', 'StatefulSet', 'pg'], ['apps/v1', 'Deployment', 'writer']] as const) {
        const object = await destination.get({ apiVersion, kind, namespace: APP_NAMESPACE, name });
        const replicas = object?.['spec'] && kind !== 'PersistentVolumeClaim' && apiVersion === 'apps/v1'
          ? ` at ${String((object['spec'] as { replicas?: number }).replicas)} replicas (${object.metadata.annotations?.['dr.tandem.dev/replicas'] ?? '?'} recorded for activation)`
          : '';
        lines.push(`    ${kind} ${name}: ${object ? `present${replicas}` : 'MISSING'}`);
      }
      const [binding] = await destination.volumesFor(APP_NAMESPACE, ['data-pg-0']);
      if (binding?.path) {
        const copy = await lab.startPostgresOnCopy(binding.path);
        try {
          const { rows } = await copy.client.query<{ id: string }>('SELECT id FROM ledger');
          const present = new Set(rows.map((r) => Number(r.id)));
          const acks = await lab.writerAcks();
          const takenAt = Date.parse(newest.takenAt!);
          const before = acks.filter((a) => a.ackedAt.getTime() < takenAt);
          const missing = before.filter((a) => !present.has(a.id));
          const after = acks.filter((a) => a.ackedAt.getTime() >= takenAt).length;
          verified = missing.length === 0 && lines.every((l) => !l.includes('MISSING'));
          lines.push(
            `    PostgreSQL started on a copy of dr-site's volume ${binding.volumeName}: came up cleanly with ${present.size} rows`,
            `    rows acknowledged before the newest snapshot (${clock(newest.takenAt!)}): ${before.length}, missing on dr-site: ${missing.length}${missing.length ? ` (first ${missing[0]!.id})` : ''}`,
            `    rows acknowledged after it: ${after} — they travel with the next migration`,
          );
        } finally {
          await copy.stop();
        }
      } else {
        lines.push(`    the claim data-pg-0 has no volume on dr-site: ${binding?.unavailableReason ?? 'not found'}`);
      }
    } finally {
      await destination.close();
    }

    const laterUploaded = later.length ? later.reduce((s, m) => s + (m.bytes.uploaded ?? 0), 0) / later.length : 0;
    out('\nsummary\n');
    out(`  migrations: ${successful.length} successful, ${failed.length} not (${failed.map((m) => `${m.name} ${m.status}`).join(', ') || 'none'})\n`);
    out(`  first migration: ${first!.elapsedSeconds.toFixed(1)} s, volume ${mb(first!.bytes.total)}, ${mb(first!.bytes.uploaded ?? 0)} uploaded\n`);
    if (later.length) {
      const avg = later.reduce((s, m) => s + m.elapsedSeconds, 0) / later.length;
      out(`  later migrations: ${avg.toFixed(1)} s on average, ${mb(laterUploaded)} uploaded on average (only what changed)\n`);
    }
    if (app) out(`  RPO of ${APP_NAMESPACE}/${MIGRATION_SCHEDULE}: ${app.rpoSeconds.toFixed(1)} s now (schedule suspended), alert above ${app.limitSeconds} s\n`);
    out(`  dr-site, namespace ${APP_NAMESPACE}:\n${lines.join('\n')}\n`);
    out(`  ${verified ? 'verified: the DR site holds the application and every row committed before its newest recovery point' : 'NOT verified: see above'}\n`);
    if (!verified || failed.length > 0) {
      out(`\nlogs of every process are in ${join(dir, 'logs')}\n`);
      return 1;
    }
    const switched = await failoverAndBack(lab);
    out(`\nlogs of every process are in ${join(dir, 'logs')}\n`);
    return switched ? 0 : 1;
  } finally {
    out('stopping the lab ...\n');
    await lab.stop();
  }
}

/** Follows a failover (or failback) on the site taking over, one line per stage, until it ends. */
async function follow(lab: TwoSiteLab, name: string, site: SiteName): Promise<FailoverView> {
  let last = '';
  return waitFor(
    async () => {
      const view = await lab.failoverView(name, site).catch(() => undefined);
      if (!view) return undefined;
      const key = `${view.stage}/${view.status}`;
      if (key !== last) {
        last = key;
        out(`  ${clock(new Date())}  ${view.name}  ${view.status === 'InProgress' ? view.stage : `${view.status}${view.rtoSeconds === undefined ? '' : ` — RTO ${view.rtoSeconds.toFixed(1)} s`}${view.reason ? `: ${view.reason}` : ''}`}\n`);
      }
      return view.status === 'InProgress' ? undefined : view;
    },
    { what: `failover ${name} to end`, timeoutMs: 600_000, intervalMs: 250 },
  );
}

/** Rows the writer got acknowledged that a site's PostgreSQL does not hold. */
async function missingOn(lab: TwoSiteLab, site: SiteName): Promise<{ acked: number; missing: number }> {
  // The acknowledgements first: a row acknowledged after the query below would otherwise look missing.
  const acks = await lab.writerAcks();
  const text = site === PRIMARY ? await lab.sourcePsql('SELECT id FROM ledger') : await lab.drPsql('SELECT id FROM ledger');
  const present = new Set(text.split('\n').filter(Boolean).map(Number));
  return { acked: acks.length, missing: acks.filter((a) => !present.has(a.id)).length };
}

/**
 * The rest of the story: a planned failover to dr-site (the primary answers: it is stopped cleanly, a last-mile
 * migration moves the last writes, it is fenced), the rows checked there; the application writes on at dr-site, a
 * reverse schedule protects it back to the primary, and a failback returns it, the rows checked on the primary.
 */
async function failoverAndBack(lab: TwoSiteLab): Promise<boolean> {
  out('\nfailing over to dr-site (planned: the primary answers) ...\n');
  const over = await follow(lab, (await lab.failover()).failover, DR_SITE);
  if (over.status !== 'Successful') return false;
  const afterFailover = await waitFor(async () => (await missingOn(lab, DR_SITE).catch(() => undefined)), { what: 'PostgreSQL on dr-site to answer', timeoutMs: 120_000 });
  out(`  dr-site serves the application: ${afterFailover.acked} rows acknowledged so far, ${afterFailover.missing} missing there (RPO 0: nothing lost)\n`);

  out('\nthe writer goes on at dr-site; a reverse schedule protects dr-site to the primary (its old volume is the base) ...\n');
  const ackedAtFailover = afterFailover.acked;
  await waitFor(async () => (await lab.writerAcks()).length >= ackedAtFailover + 50, { what: '50 more rows written at dr-site', timeoutMs: 120_000, intervalMs: 250 });
  await lab.declareReverseSchedule();
  const reverse = await waitFor(
    async () => {
      const done = (await lab.coordinatorMigrations(DR_SITE)).filter((m) => m.status === 'Successful');
      return done.length >= 2 ? done : undefined;
    },
    { what: 'two reverse migrations', timeoutMs: 300_000, intervalMs: 500 },
  );
  for (const m of [...reverse].reverse()) out(`${describe(m)}\n`);

  out('\nfailing back to the primary ...\n');
  const back = await follow(lab, (await lab.failback()).failover, PRIMARY);
  if (back.status !== 'Successful') return false;
  const afterFailback = await waitFor(async () => (await missingOn(lab, PRIMARY).catch(() => undefined)), { what: 'PostgreSQL on the primary to answer', timeoutMs: 120_000 });
  out(`  the primary serves the application again: ${afterFailback.acked} rows acknowledged in all, ${afterFailback.missing} missing there; dr-site is back at zero replicas and fenced\n`);
  out(`\nsummary of the switch: failover RTO ${over.rtoSeconds?.toFixed(1) ?? '?'} s, failback RTO ${back.rtoSeconds?.toFixed(1) ?? '?'} s, rows lost ${afterFailover.missing + afterFailback.missing}\n`);
  return afterFailover.missing === 0 && afterFailback.missing === 0;
}
