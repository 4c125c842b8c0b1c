import { rm } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { tempDir, testPostgresUrl, uniqueName, waitFor } from '@tandem/testing';
import { APP_NAMESPACE, MIGRATION_SCHEDULE, type MigrationView, TwoSiteLab } from './index';

// Asynchronous DR end to end on two lab sites: PostgreSQL with a writer committing rows continuously, protected
// every 5 s with an application-consistent pre rule. After a few migrations the destination holds every resource
// with its workloads at zero, a PostgreSQL started on a copy of the destination volume comes up and holds every row
// acknowledged before the newest snapshot, later migrations move only the increment, and RPO is reported.

const INTERVAL_S = 5;

describe('protecting a PostgreSQL application from primary to dr-site', () => {
  let dir: string;
  let lab: TwoSiteLab | undefined;

  beforeAll(async () => {
    dir = await tempDir('protect-e2e');
    lab = await TwoSiteLab.start({
      dir,
      databaseUrl: testPostgresUrl(),
      databasePrefix: uniqueName('prot'),
      searchPath: (process.env.PATH ?? '').split(delimiter).filter(Boolean),
    });
  }, 420_000);
  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const successful = async (): Promise<MigrationView[]> =>
    (await lab!.coordinatorMigrations()).filter((m) => m.status === 'Successful').sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  it('migrates data and configuration on schedule, consistent, incremental, with RPO reported', async () => {
    await waitFor(async () => (await successful()).length >= 3, { what: 'three successful migrations', timeoutMs: 240_000, intervalMs: 500 });
    const live = await lab!.replicationApplications() as { items: { namespace: string; schedule: string; rpoSeconds: number; limitSeconds: number }[] };
    const app = live.items.find((a) => a.namespace === APP_NAMESPACE && a.schedule === MIGRATION_SCHEDULE);
    expect(app).toBeDefined();
    expect(app!.limitSeconds).toBe(2 * INTERVAL_S);

    // Stop the schedule and let the migration in flight end, so the destination stays still while it is examined.
    const suspended = await fetch(`${lab!.url('primary', 'scheduler')}/v1/migration-schedules/${APP_NAMESPACE}/${MIGRATION_SCHEDULE}/suspend`, { method: 'POST' });
    expect(suspended.status).toBeLessThan(300);
    await waitFor(async () => (await lab!.coordinatorMigrations()).every((m) => m.status !== 'InProgress'), { what: 'no migration in progress', timeoutMs: 120_000 });

    const done = await successful();
    expect((await lab!.coordinatorMigrations()).filter((m) => m.status === 'Failed' || m.status === 'PartialSuccess')).toEqual([]);
    for (const m of done) {
      expect(m).toMatchObject({ stage: 'Final', volumes: { done: 1, total: 1 }, clusterPair: 'dr-site' });
      expect(m.resources.done).toBe(m.resources.total);
      expect(m.resources.total).toBeGreaterThanOrEqual(6);
      // A committed point's RPO at commit time is bounded by its migration's own duration.
      expect(m.rpoSeconds).toBeLessThanOrEqual(m.elapsedSeconds);
    }
    // The first migration uploads the volume; the later ones only what changed.
    const [first, ...later] = done;
    expect(first!.bytes.uploaded).toBeGreaterThan(1_000_000);
    for (const m of later) expect(m.bytes.uploaded!).toBeLessThan(first!.bytes.uploaded! / 2);
    // Each snapshot follows the one before within an interval plus the time the previous migration took.
    for (let i = 1; i < done.length; i++) {
      const gap = (Date.parse(done[i]!.takenAt!) - Date.parse(done[i - 1]!.takenAt!)) / 1000;
      expect(gap).toBeLessThanOrEqual(INTERVAL_S + done[i - 1]!.elapsedSeconds + 3);
    }
    // The scheduler learnt how each ended.
    const scheduled = (await lab!.schedulerMigrations()) as { name: string; status: string }[];
    for (const m of done) expect(scheduled.find((s) => s.name === m.name)?.status).toBe('Successful');

    // Every resource is on the destination, the workloads at zero with their replica count recorded.
    const destination = await lab!.destinationPlatform();
    try {
      const get = (apiVersion: string, kind: string, name: string) => destination.get({ apiVersion, kind, namespace: APP_NAMESPACE, name });
      expect(await get('v1', 'ConfigMap', 'pg-config')).toBeDefined();
      expect(await get('v1', 'Secret', 'pg-auth')).toBeDefined();
      expect(await get('v1', 'Service', 'pg')).toBeDefined();
      for (const [kind, name] of [['StatefulSet', 'pg'], ['Deployment', 'writer']] as const) {
        const workload = await get('apps/v1', kind, name);
        expect(workload?.['spec']).toMatchObject({ replicas: 0 });
        expect(workload?.metadata.annotations?.['dr.tandem.dev/replicas']).toBe('1');
        expect((await destination.workloadStatus({ apiVersion: 'apps/v1', kind, namespace: APP_NAMESPACE, name })).current).toBe(0);
      }
      const [binding] = await destination.volumesFor(APP_NAMESPACE, ['data-pg-0']);
      expect(binding?.path).toBeDefined();
      expect(binding!.path!).toContain(`${dir}/`);
      expect(binding!.path!).not.toContain('/primary/');

      // PostgreSQL comes up on a copy of the destination volume and holds every row acknowledged before the snapshot.
      const newest = done[done.length - 1]!;
      const takenAt = Date.parse(newest.takenAt!);
      const copy = await lab!.startPostgresOnCopy(binding!.path!);
      try {
        const { rows } = await copy.client.query<{ id: string }>('SELECT id FROM ledger ORDER BY id');
        const present = new Set(rows.map((r) => Number(r.id)));
        const acks = await lab!.writerAcks();
        const before = acks.filter((a) => a.ackedAt.getTime() < takenAt);
        expect(before.length).toBeGreaterThan(10);
        expect(before.filter((a) => !present.has(a.id))).toEqual([]);
        // Nothing the primary never had.
        expect(Math.max(...present)).toBeLessThanOrEqual(Math.max(...acks.map((a) => a.id)) + 1);
      } finally {
        await copy.stop();
      }
    } finally {
      await destination.close();
    }
  }, 600_000);
});
