import { rm } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { protectSagaId } from '@tandem/sagas';
import { tempDir, testPostgresUrl, uniqueName, waitFor } from '@tandem/testing';
import { APP_NAMESPACE, DR_SITE, type FailoverView, type MigrationView, PRIMARY, REVERSE_MIGRATION_SCHEDULE, type SiteName, TwoSiteLab, type TwoSiteLabOptions, type WriterAck } from './index';

// Failover end to end on two lab sites, each running the whole control plane: PostgreSQL with a writer committing
// rows continuously (its acknowledgements recorded in a file outside both sites) is protected from the primary to
// dr-site every 5 s, then failed over to dr-site. Planned (the primary up): the primary is stopped cleanly, a last
// migration moves everything, the primary is fenced, and dr-site serves every acknowledged row. Unplanned (the
// primary killed at once, databases and all): dr-site takes over from the newest snapshot; only rows acknowledged
// after it are lost. Failback (after the planned failover): dr-site's writes are protected back to the primary by a
// reverse schedule (its old volumes the base, one repository: only what changed is uploaded), then a planned switch
// back — dr-site stopped cleanly, a last migration, dr-site fenced, the primary activated — and the primary serves
// every acknowledged row.

const searchPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);

async function startLab(name: string, options: Partial<TwoSiteLabOptions>): Promise<{ dir: string; lab: TwoSiteLab }> {
  const dir = await tempDir(name);
  const lab = await TwoSiteLab.start({ dir, searchPath, ...options });
  return { dir, lab };
}

/** The successful migrations a site's coordinator ran (the primary's: protect; dr-site's: the reverse ones), oldest first. */
async function successfulMigrations(lab: TwoSiteLab, site: SiteName = PRIMARY): Promise<MigrationView[]> {
  return (await lab.coordinatorMigrations(site)).filter((m) => m.status === 'Successful').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Waits until the failover has ended (not InProgress) and returns its view (from the coordinator of `site`, the one taking over). */
async function failoverEnded(lab: TwoSiteLab, name: string, site: SiteName = DR_SITE): Promise<FailoverView> {
  let last: FailoverView | string = 'not seen yet';
  try {
    return await waitFor(
      async () => {
        try {
          last = await lab.failoverView(name, site);
        } catch (error) {
          last = (error as Error).message;
          return undefined;
        }
        return last.status === 'InProgress' ? undefined : last;
      },
      { what: `failover ${name} to end`, timeoutMs: 600_000, intervalMs: 500 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`, { cause: error });
  }
}

/** The ids in a site's ledger, read through that site's pg pod. */
async function ledgerIds(lab: TwoSiteLab, site: SiteName = DR_SITE): Promise<Set<number>> {
  const out = await (site === DR_SITE ? lab.drPsql('SELECT id FROM ledger ORDER BY id') : lab.sourcePsql('SELECT id FROM ledger ORDER BY id'));
  return new Set(out.split('\n').filter(Boolean).map(Number));
}
const drLedgerIds = (lab: TwoSiteLab) => ledgerIds(lab, DR_SITE);

async function workloadAtZero(lab: TwoSiteLab, kind: 'StatefulSet' | 'Deployment', name: string, site: SiteName = PRIMARY): Promise<void> {
  const platform = await (site === PRIMARY ? lab.sourcePlatform() : lab.destinationPlatform());
  try {
    const ref = { apiVersion: 'apps/v1', kind, namespace: APP_NAMESPACE, name };
    expect((await platform.get(ref))?.['spec']).toMatchObject({ replicas: 0 });
    expect((await platform.workloadStatus(ref)).current).toBe(0);
  } finally {
    await platform.close();
  }
}

async function drWorkloadReady(lab: TwoSiteLab, kind: 'StatefulSet' | 'Deployment', name: string, site: SiteName = DR_SITE): Promise<void> {
  const platform = await (site === PRIMARY ? lab.sourcePlatform() : lab.destinationPlatform());
  try {
    const status = await platform.workloadStatus({ apiVersion: 'apps/v1', kind, namespace: APP_NAMESPACE, name });
    expect(status.ready).toBeGreaterThanOrEqual(1);
  } finally {
    await platform.close();
  }
}

const mib = (bytes: number | undefined) => `${((bytes ?? 0) / 1024 / 1024).toFixed(2)} MiB`;

const missing = (acks: WriterAck[], present: Set<number>): number[] => acks.filter((a) => !present.has(a.id)).map((a) => a.id);

describe('planned failover from primary to dr-site (the primary up), then failback', () => {
  let dir: string;
  let lab: TwoSiteLab | undefined;
  let failedOver = false;

  beforeAll(async () => {
    ({ dir, lab } = await startLab('failover-planned', { databaseUrl: testPostgresUrl(), databasePrefix: uniqueName('fop') }));
  }, 600_000);
  afterAll(async () => {
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops the primary cleanly, moves the last writes, fences it, and dr-site serves every acknowledged row', async () => {
    await waitFor(async () => (await successfulMigrations(lab!)).length >= 2, { what: 'two successful migrations', timeoutMs: 300_000, intervalMs: 500 });

    const started = await lab!.failover();
    expect(started.failover).toMatch(/^appns-protect-failover-\d{14}$/);
    const view = await failoverEnded(lab!, started.failover);
    expect(view).toMatchObject({ status: 'Successful', stage: 'Done', sourceDomain: PRIMARY, destinationDomain: DR_SITE, sourceReachable: true, sourceStopped: true });
    expect(view.rtoSeconds).toEqual(expect.any(Number));

    // The primary gave the application up and its domain is fenced: it may not start it again.
    await workloadAtZero(lab!, 'StatefulSet', 'pg');
    await workloadAtZero(lab!, 'Deployment', 'writer');
    await waitFor(async () => (await lab!.fence(PRIMARY))?.['active'] === 'false', { what: "the primary's fence ConfigMap to say active \"false\"", timeoutMs: 120_000, intervalMs: 500 });
    expect(await lab!.fence(PRIMARY)).toMatchObject({ domain: PRIMARY, active: 'false' });

    // dr-site runs PostgreSQL and holds every row the writer got acknowledged, on the primary and since.
    await drWorkloadReady(lab!, 'StatefulSet', 'pg');
    const acks = await lab!.writerAcks();
    expect(acks.length).toBeGreaterThan(50);
    const present = await drLedgerIds(lab!);
    expect(missing(acks, present)).toEqual([]);

    process.stdout.write(`planned failover ${view.name}: Successful, RTO ${view.rtoSeconds} s, ${acks.length} acknowledged rows all on dr-site\n`);
    failedOver = true;
  }, 900_000);

  it('then fails back after writes on dr-site: reverse migrations move only what changed, the primary serves every row, dr-site is back at 0', async () => {
    if (!failedOver) throw new Error('the planned failover above did not succeed: there is nothing to fail back');
    // dr-site's writer writes on.
    const ackedBefore = (await lab!.writerAcks()).length;
    await waitFor(async () => (await lab!.writerAcks()).length >= ackedBefore + 50, { what: '50 more acknowledged inserts on dr-site', timeoutMs: 120_000, intervalMs: 250 });

    // The primary rejoins as the destination of a reverse schedule: its old volumes are the base.
    await lab!.declareReverseSchedule();
    const reverse = await waitFor(
      async () => {
        const done = await successfulMigrations(lab!, DR_SITE);
        return done.length >= 2 ? done : undefined;
      },
      { what: 'two successful reverse migrations (dr-site → primary)', timeoutMs: 300_000, intervalMs: 500 },
    );
    expect(reverse.every((m) => m.schedule === undefined || m.schedule === REVERSE_MIGRATION_SCHEDULE)).toBe(true);
    const [first, second] = reverse as [MigrationView, MigrationView];
    expect(second.bytes.total).toBeGreaterThan(0);
    expect(second.bytes.uploaded).toEqual(expect.any(Number));
    // The store already holds what the primary uploaded and the first reverse migration added: only what changed goes up.
    expect(second.bytes.uploaded!).toBeLessThan(second.bytes.total / 2);

    const started = await lab!.failback();
    expect(started.failover).toMatch(/^appns-protect-back-failover-\d{14}$/);
    const view = await failoverEnded(lab!, started.failover, PRIMARY);
    expect(view).toMatchObject({ status: 'Successful', stage: 'Done', schedule: REVERSE_MIGRATION_SCHEDULE, sourceDomain: DR_SITE, destinationDomain: PRIMARY, sourceReachable: true, sourceStopped: true });
    expect(view.rtoSeconds).toEqual(expect.any(Number));

    // dr-site gave the application up and is fenced; the primary's fence lets it run again.
    await workloadAtZero(lab!, 'StatefulSet', 'pg', DR_SITE);
    await workloadAtZero(lab!, 'Deployment', 'writer', DR_SITE);
    await waitFor(async () => (await lab!.fence(DR_SITE))?.['active'] === 'false', { what: "dr-site's fence ConfigMap to say active \"false\"", timeoutMs: 120_000, intervalMs: 500 });
    expect(await lab!.fence(PRIMARY)).toMatchObject({ domain: PRIMARY, active: 'true' });

    // The primary runs PostgreSQL and holds every row ever acknowledged: on the primary, on dr-site, and since.
    await drWorkloadReady(lab!, 'StatefulSet', 'pg', PRIMARY);
    const acks = await lab!.writerAcks();
    expect(acks.length).toBeGreaterThan(ackedBefore + 50);
    expect(missing(acks, await ledgerIds(lab!, PRIMARY))).toEqual([]);

    // What the restores into the primary's old volume read from the store, per reverse migration.
    const restored = [...(await lab!.restoredVolumes(PRIMARY)), ...(await lab!.restoredVolumes(DR_SITE))];
    const fetchedBy = (m: MigrationView) => {
      const own = restored.filter((r) => r.requestId.startsWith(`${protectSagaId(APP_NAMESPACE, m.name)}.`));
      return own.length === 0 ? 'restore not found' : `fetched ${mib(own.reduce((sum, r) => sum + r.bytesFetched, 0))} of ${mib(own.reduce((sum, r) => sum + r.bytes, 0))}`;
    };
    const reverseNow = await successfulMigrations(lab!, DR_SITE);
    process.stdout.write(
      `failback ${view.name}: Successful, RTO ${view.rtoSeconds} s, ${acks.length} acknowledged rows all on the primary; ` +
        `reverse migrations (first ${first.name}): ${reverseNow.map((m) => `${m.name} uploaded ${mib(m.bytes.uploaded)} of ${mib(m.bytes.total)}, ${fetchedBy(m)}`).join('; ')}\n`,
    );
  }, 900_000);
});

describe('unplanned failover from primary to dr-site (the primary killed, databases per site)', () => {
  let dir: string;
  let lab: TwoSiteLab | undefined;

  beforeAll(async () => {
    ({ dir, lab } = await startLab('failover-unplanned', { databases: 'per-site', databasePrefix: uniqueName('fou') }));
  }, 600_000);
  afterAll(async () => {
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes over from the newest snapshot: rows acknowledged before it are all on dr-site, the rest are counted lost', async () => {
    await waitFor(async () => (await successfulMigrations(lab!)).length >= 2, { what: 'two successful migrations', timeoutMs: 300_000, intervalMs: 500 });
    const newest = (await successfulMigrations(lab!)).at(-1)!;
    const takenAt = Date.parse(newest.takenAt!);
    expect(Number.isNaN(takenAt)).toBe(false);
    // dr-site learnt of it (the migration's end crossed the link) before the primary goes.
    await waitFor(
      async () => (await lab!.protectedApplications()).some((a) => a.namespace === APP_NAMESPACE && a.takenAt !== undefined && Date.parse(a.takenAt) >= takenAt),
      { what: `dr-site to know the snapshot taken at ${newest.takenAt}`, timeoutMs: 60_000, intervalMs: 500 },
    );
    const ackCount = (await lab!.writerAcks()).length;
    await waitFor(async () => (await lab!.writerAcks()).length >= ackCount + 10, { what: 'ten more acknowledged inserts', timeoutMs: 30_000 });

    const killedAt = Date.now();
    await lab!.killSite(PRIMARY);
    // Everything the primary acknowledged; dr-site's writer appends to the same file once it runs.
    const primaryAcks = (await lab!.writerAcks()).filter((a) => a.ackedAt.getTime() <= killedAt);

    const started = await lab!.failover();
    const failoverAt = Date.now();
    const view = await failoverEnded(lab!, started.failover);
    expect(view).toMatchObject({ status: 'Successful', stage: 'Done', sourceDomain: PRIMARY, destinationDomain: DR_SITE, sourceReachable: false });
    expect(view.sourceStopped).toBeFalsy();

    await drWorkloadReady(lab!, 'StatefulSet', 'pg');
    const present = await drLedgerIds(lab!);
    // The snapshot dr-site took over from: the newest it knew (at least the one noted before the kill).
    const known = (await lab!.protectedApplications()).find((a) => a.namespace === APP_NAMESPACE);
    const basis = Math.max(takenAt, known?.takenAt ? Date.parse(known.takenAt) : 0);
    const before = primaryAcks.filter((a) => a.ackedAt.getTime() < takenAt);
    expect(before.length).toBeGreaterThan(10);
    expect(missing(before, present)).toEqual([]);

    const lost = primaryAcks.filter((a) => a.ackedAt.getTime() >= basis);
    const lastAck = primaryAcks.at(-1)!.ackedAt.getTime();
    const secondsLost = Math.max(0, (lastAck - basis) / 1000);
    const sinceSnapshotAtFailover = (failoverAt - basis) / 1000;
    process.stdout.write(
      `unplanned failover ${view.name}: Successful, RTO ${view.rtoSeconds} s; snapshot taken ${new Date(basis).toISOString()}, ` +
        `${lost.length} of ${primaryAcks.length} acknowledged rows lost (${secondsLost.toFixed(1)} s of writes; ${sinceSnapshotAtFailover.toFixed(1)} s since the snapshot at failover)\n`,
    );
  }, 900_000);
});
