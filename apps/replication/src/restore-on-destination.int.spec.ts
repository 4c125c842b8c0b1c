import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BackUpVolumes,
  BackUpVolumesSucceeded,
  type DataOf,
  RestoredOnDestination,
  RestoreOnDestination,
  RestoreOnDestinationFailed,
  RestoreRecoveryPointFailed,
  RestoreRecoveryPointSucceeded,
} from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { type AgentUnderTest, type NatsServerHandle, startAgent, startNatsServer, tempDir, treeDigest, uniqueName } from '@tandem/testing';
import { type ReplicationUnderTest, startReplication } from './testing/replication.fixture';

/**
 * Restores on the destination across real processes: a primary agent backs two volumes up into a filesystem
 * store, the replication service has the dr-site agent restore them, and answers once for all of them.
 */
describe('replication: restore on destination (real agents, NATS, Postgres, fs store)', () => {
  let nats: NatsServerHandle;
  let bus: TestBus;
  let primary: AgentUnderTest;
  let drSite: AgentUnderTest;
  let replication: ReplicationUnderTest;
  let store: DataOf<typeof RestoreOnDestination>['store'];
  const repository = { masterKeyRef: { env: 'TANDEM_SECRET_MASTER_KEY' } };
  const prefix = uniqueName('repl');
  const points = new Map<string, string>(); // volume → recovery point id

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await TestBus.open(nats.url, prefix, 'replication');
    // Both domains hold the same repository key (a mounted Secret on each site).
    const env = { TANDEM_SECRET_MASTER_KEY: randomBytes(32).toString('base64') };
    [primary, drSite, replication] = await Promise.all([
      startAgent({ natsUrl: nats.url, prefix, domain: 'primary', env }),
      startAgent({ natsUrl: nats.url, prefix, domain: 'dr-site', env }),
      startReplication({ nats, prefix }),
    ]);
    store = { kind: 'fs', path: join(await tempDir('repl-store'), 'store') };

    for (const volume of ['pg-data', 'pg-wal']) await makeVolume(volume);
    const backUp: DataOf<typeof BackUpVolumes> = {
      requestId: uniqueName('backup'),
      epoch: 0,
      store,
      repository,
      groupSnapshotId: uniqueName('gs'),
      volumes: [{ name: 'pg-data' }, { name: 'pg-wal' }],
    };
    await bus.send(BackUpVolumes, backUp, { scope: 'primary' });
    const done = await bus.next(BackUpVolumesSucceeded, (d) => d.requestId === backUp.requestId, 60_000);
    for (const p of done.data.output.recoveryPoints) points.set(p.volume, p.recoveryPointId);
  });

  afterAll(async () => {
    await replication?.close();
    await primary?.destroy();
    await drSite?.destroy();
    await bus?.close();
    await nats?.stop();
  });

  /** A volume on the primary with a nested tree, a symlink, an empty file and some random bytes. */
  async function makeVolume(name: string): Promise<void> {
    const root = join(primary.volumesDir, name);
    await mkdir(join(root, 'conf', 'deep'), { recursive: true });
    await writeFile(join(root, 'conf', 'app.yaml'), `volume: ${name}\n`);
    await writeFile(join(root, 'conf', 'deep', 'empty'), '');
    await writeFile(join(root, 'blob.bin'), randomBytes(200_000));
    await symlink('conf/app.yaml', join(root, 'current.yaml'));
  }

  const restoreCommand = (o: { requestId: string; attempt: number; restores: DataOf<typeof RestoreOnDestination>['restores'] }) => ({
    requestId: o.requestId,
    sagaRef: { sagaId: o.requestId.replace(/[^A-Za-z0-9_-]/g, '_'), step: 'restore-on-destination', attempt: o.attempt, action: 'do' as const },
    destinationDomain: 'dr-site',
    epoch: 0,
    store,
    repository,
    restores: o.restores,
  });
  const entry = (volume: string, recoveryPointId = points.get(volume)!) => ({
    claim: { namespace: 'appns', name: `${volume}-claim` },
    volume,
    recoveryPointId,
    targetVolume: volume,
  });
  const drJobs = async (requestId: string) =>
    (await drSite.sql.query(`SELECT request_id, attempts FROM agent_job WHERE request_id LIKE $1 ORDER BY request_id`, [`${requestId}.%`])).rows;

  it('restores every volume on the destination, answers once, and answers a repeat from the record', async () => {
    const requestId = uniqueName('restore');
    const first = restoreCommand({ requestId, attempt: 1, restores: [entry('pg-data'), entry('pg-wal')] });
    await bus.send(RestoreOnDestination, first);

    const answer = await bus.next(RestoredOnDestination, (d) => d.requestId === requestId, 60_000);
    expect(answer.data.sagaRef).toEqual(first.sagaRef);
    expect(answer.data.output.restores).toEqual(
      ['pg-data', 'pg-wal'].map((volume) => ({
        claim: { namespace: 'appns', name: `${volume}-claim` },
        targetVolume: volume,
        recoveryPointId: points.get(volume),
        bytes: 200_000 + `volume: ${volume}\n`.length,
        bytesFetched: expect.any(Number),
      })),
    );
    for (const volume of ['pg-data', 'pg-wal']) {
      expect(await treeDigest(join(drSite.volumesDir, volume))).toEqual(await treeDigest(join(primary.volumesDir, volume)));
    }
    // One agent job per volume, under the derived request ids, answered to this service (no saga reference).
    const agentAnswers = bus.seen(RestoreRecoveryPointSucceeded, (d) => d.requestId.startsWith(`${requestId}.`));
    expect(agentAnswers.map((e) => [e.data.requestId, e.data.domain, e.data.sagaRef]).sort()).toEqual([
      [`${requestId}.0`, 'dr-site', undefined],
      [`${requestId}.1`, 'dr-site', undefined],
    ]);

    // A saga's retry of the step: the recorded answer, to the new attempt, without new agent jobs.
    const repeat = { ...first, sagaRef: { ...first.sagaRef, attempt: 2 } };
    await bus.send(RestoreOnDestination, repeat);
    const again = await bus.next(RestoredOnDestination, (d) => d.requestId === requestId && d.sagaRef?.attempt === 2);
    expect(again.data.output).toEqual(answer.data.output);
    expect(bus.seen(RestoredOnDestination, (d) => d.requestId === requestId && d.sagaRef?.attempt === 1)).toHaveLength(1);
    expect(bus.seen(RestoreRecoveryPointSucceeded, (d) => d.requestId.startsWith(`${requestId}.`))).toHaveLength(2);
    expect(await drJobs(requestId)).toEqual([
      { request_id: `${requestId}.0`, attempts: 1 },
      { request_id: `${requestId}.1`, attempts: 1 },
    ]);
    expect((await replication.sql.query(`SELECT state FROM replication_restore_request WHERE request_id = $1`, [requestId])).rows).toEqual([{ state: 'Succeeded' }]);
  });

  it('fails the restore naming the volume when a recovery point does not exist', async () => {
    const requestId = uniqueName('bad-point');
    await bus.send(RestoreOnDestination, restoreCommand({ requestId, attempt: 1, restores: [entry('pg-data'), entry('pg-wal', 'no-such-point')] }));

    const failed = await bus.next(RestoreOnDestinationFailed, (d) => d.requestId === requestId, 60_000);
    const agentFailure = await bus.next(RestoreRecoveryPointFailed, (d) => d.requestId === `${requestId}.1`);
    expect(failed.data.reason).toContain('volume pg-wal (claim appns/pg-wal-claim), recovery point no-such-point');
    expect(failed.data.reason).toContain(agentFailure.data.reason);
    expect(failed.data.retryable).toBe(agentFailure.data.retryable);
    expect(bus.seen(RestoredOnDestination, (d) => d.requestId === requestId)).toEqual([]);
  });

  it('answers a restore of no volumes at once', async () => {
    const requestId = uniqueName('empty');
    await bus.send(RestoreOnDestination, restoreCommand({ requestId, attempt: 1, restores: [] }));
    const answer = await bus.next(RestoredOnDestination, (d) => d.requestId === requestId);
    expect(answer.data.output).toEqual({ restores: [] });
    expect(await drJobs(requestId)).toEqual([]);
  });
});
