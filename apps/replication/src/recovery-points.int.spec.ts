import { setTimeout as sleep } from 'node:timers/promises';
import { CommitRecoveryPoint, CommitRecoveryPointFailed, type DataOf, RecoveryPointCommitted, RpoExceeded } from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { type NatsServerHandle, startNatsServer, uniqueName } from '@tandem/testing';
import { type ReplicationUnderTest, startReplication } from './testing/replication.fixture';

const CHECK_MS = 100;

/** Recovery points, RPO and its alert, across a real replication process, NATS and Postgres. */
describe('replication: recovery points and RPO (real process)', () => {
  let nats: NatsServerHandle;
  let bus: TestBus;
  let replication: ReplicationUnderTest;
  const prefix = uniqueName('rpo');

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await TestBus.open(nats.url, prefix, 'replication');
    replication = await startReplication({ nats, prefix, env: { TANDEM_REPLICATION_RPO_CHECK_MS: String(CHECK_MS) } });
  });

  afterAll(async () => {
    await replication?.close();
    await bus?.close();
    await nats?.stop();
  });

  const dnsName = (prefix: string) => uniqueName(prefix).replace(/_/g, '-');
  const commit = (o: { namespace: string; schedule: string; migration: string; takenAt: Date; intervalSeconds?: number }): DataOf<typeof CommitRecoveryPoint> => ({
    requestId: `commit-${o.migration}`,
    sagaRef: { sagaId: o.migration, step: 'commit-recovery-point', attempt: 1, action: 'do' },
    namespace: o.namespace,
    schedule: o.schedule,
    clusterPair: 'dr-site',
    migration: o.migration,
    groupSnapshotId: `gs-${o.migration}`,
    takenAt: o.takenAt.toISOString(),
    ...(o.intervalSeconds ? { intervalSeconds: o.intervalSeconds } : {}),
    volumes: [{ claim: { namespace: o.namespace, name: 'pg-data' }, recoveryPointId: `rp-${o.migration}`, bytes: 1_000, bytesUploaded: 250 }],
  });

  it('commits a recovery point, shows the application and its RPO, and answers a repeat from the record', async () => {
    const namespace = dnsName('appns');
    const older = commit({ namespace, schedule: 'pg-protect', migration: dnsName('m1'), takenAt: new Date(Date.now() - 120_000), intervalSeconds: 3_600 });
    const newer = commit({ namespace, schedule: 'pg-protect', migration: dnsName('m2'), takenAt: new Date(Date.now() - 30_000), intervalSeconds: 3_600 });
    await bus.send(CommitRecoveryPoint, newer);
    const answer = await bus.next(RecoveryPointCommitted, (d) => d.requestId === newer.requestId);
    expect(answer.data.sagaRef).toEqual(newer.sagaRef);
    expect(answer.data.output).toEqual({
      namespace,
      schedule: 'pg-protect',
      clusterPair: 'dr-site',
      migration: newer.migration,
      takenAt: newer.takenAt,
      rpoSeconds: expect.any(Number),
    });
    expect(answer.data.output.rpoSeconds).toBeGreaterThanOrEqual(30);
    // A commit that arrives late does not become the newest.
    await bus.send(CommitRecoveryPoint, older);
    await bus.next(RecoveryPointCommitted, (d) => d.requestId === older.requestId);

    const list = await replication.request<{ items: Record<string, unknown>[] }>('GET', '/v1/applications');
    expect(list.status).toBe(200);
    const app = list.body.items.find((a) => a.namespace === namespace);
    expect(app).toEqual({
      namespace,
      schedule: 'pg-protect',
      clusterPair: 'dr-site',
      newestRecoveryPointAt: newer.takenAt,
      newestMigration: newer.migration,
      rpoSeconds: expect.any(Number),
      intervalSeconds: 3_600,
      limitSeconds: 7_200,
      recoveryPoints: 2,
    });
    expect(app!.rpoSeconds).toBeGreaterThanOrEqual(answer.data.output.rpoSeconds);
    expect((await replication.request('GET', `/v1/applications/${namespace}/pg-protect`)).body).toEqual(expect.objectContaining({ newestMigration: newer.migration }));

    const points = await replication.request<{ items: { migration: string; volumes: unknown[] }[] }>('GET', `/v1/applications/${namespace}/pg-protect/recovery-points`);
    expect(points.body.items.map((p) => p.migration)).toEqual([newer.migration, older.migration]);
    expect(points.body.items[0]!.volumes).toEqual(newer.volumes);

    const metrics = await replication.request<string>('GET', '/metrics');
    expect(metrics.body).toMatch(new RegExp(`^tandem_rpo_seconds\\{namespace="${namespace}",schedule="pg-protect",cluster_pair="dr-site"\\} \\d`, 'm'));

    // The saga's retry of the step: the same answer, nothing recorded twice.
    await bus.send(CommitRecoveryPoint, { ...newer, sagaRef: { ...newer.sagaRef!, attempt: 2 } });
    const again = await bus.next(RecoveryPointCommitted, (d) => d.requestId === newer.requestId && d.sagaRef?.attempt === 2);
    expect(again.data.output).toEqual(answer.data.output);
    // Another snapshot under the same migration is refused, naming the migration.
    const other = { ...newer, requestId: `${newer.requestId}-other`, takenAt: new Date().toISOString() };
    await bus.send(CommitRecoveryPoint, other);
    const refused = await bus.next(CommitRecoveryPointFailed, (d) => d.requestId === other.requestId);
    expect(refused.data).toEqual(expect.objectContaining({ retryable: false, reason: expect.stringContaining(`migration ${namespace}/${newer.migration} already committed`) }));
    expect((await replication.sql.query(`SELECT count(*)::int AS n FROM replication_recovery_point WHERE namespace = $1`, [namespace])).rows).toEqual([{ n: 2 }]);
  });

  it('answers 404 naming an unknown application and 400 naming a bad namespace', async () => {
    const missing = await replication.request<{ message: string }>('GET', '/v1/applications/nowhere/no-schedule');
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('nowhere/no-schedule');
    const bad = await replication.request('GET', '/v1/applications/Not_A_Namespace/pg-protect');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('namespace');
  });

  it('alerts RpoExceeded once when the newest recovery point is older than twice the interval', async () => {
    const namespace = dnsName('late');
    const late = commit({ namespace, schedule: 'every-second', migration: dnsName('m'), takenAt: new Date(Date.now() - 10_000), intervalSeconds: 1 });
    await bus.send(CommitRecoveryPoint, late);

    const alert = await bus.next(RpoExceeded, (d) => d.namespace === namespace);
    expect(alert.data).toEqual({
      namespace,
      schedule: 'every-second',
      clusterPair: 'dr-site',
      rpoSeconds: expect.any(Number),
      limitSeconds: 2,
      newestRecoveryPointAt: late.takenAt,
      at: expect.any(String),
    });
    expect(alert.data.rpoSeconds).toBeGreaterThan(10);
    await sleep(CHECK_MS * 10); // ten more checks of the watch
    expect(bus.seen(RpoExceeded, (d) => d.namespace === namespace)).toHaveLength(1);
    // Alerted once, not once per check (the only application of this process past its limit).
    expect((await replication.request<string>('GET', '/metrics')).body).toMatch(/^tandem_replication_rpo_alerts_total 1$/m);
  });
});
