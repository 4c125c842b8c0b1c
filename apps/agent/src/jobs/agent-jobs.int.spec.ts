import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AgentJobProgress,
  BackUpVolumes,
  BackUpVolumesFailed,
  BackUpVolumesSucceeded,
  RestoreRecoveryPoint,
  RestoreRecoveryPointSucceeded,
  SetDomainEpoch,
} from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { type AgentUnderTest, fileStats, type NatsServerHandle, startAgent, startNatsServer, tempDir, treeDigest, uniqueName, waitFor } from '@tandem/testing';
import { backUpCommand, masterKeySecret, restoreCommand } from '../testing/job-command.builder';
import type { Job } from './job.model';

const MiB = 1024 * 1024;

/**
 * Jobs across a real agent process, NATS, Postgres and a filesystem object store: back up, restore, answer a
 * repeated request from the record, resume a job the agent was killed in the middle of, stop a job whose epoch
 * was overtaken. Uploads are limited to 1 MiB/s, so a few MiB of random data take long enough to interrupt.
 */
describe('agent jobs (real processes, datamover, fs store)', () => {
  let nats: NatsServerHandle;
  let agent: AgentUnderTest;
  let bus: TestBus;
  let storePath: string;
  let repository: { masterKeyRef: { secretFile: string } };
  const prefix = uniqueName('jobs');

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await TestBus.open(nats.url, prefix, 'agent', { deadLetters: true });
    agent = await startAgent({
      natsUrl: nats.url,
      prefix,
      domain: 'primary',
      env: { TANDEM_AGENT_UPLOAD_BYTES_PER_SECOND: String(MiB), TANDEM_AGENT_JOB_POLL_MS: '200' },
    });
    storePath = join(await tempDir('jobs-store'), 'store');
    repository = await masterKeySecret(agent.secretsDir);
  });

  afterAll(async () => {
    await agent?.destroy();
    await bus?.close();
    await nats?.stop();
  });

  const job = async (requestId: string) => (await agent.get<Job>(`/v1/agent/jobs/${requestId}`)).body;

  /** A volume with a nested tree, a symlink, an empty file and `randomMiB` MiB of incompressible data. */
  const makeVolume = async (name: string, randomMiB = 0): Promise<string> => {
    const root = join(agent.volumesDir, name);
    await mkdir(join(root, 'conf', 'deep'), { recursive: true });
    await writeFile(join(root, 'conf', 'app.yaml'), 'replicas: 3\n');
    await writeFile(join(root, 'conf', 'deep', 'empty'), '');
    await writeFile(join(root, 'log.txt'), 'line\n'.repeat(20_000));
    await symlink('conf/app.yaml', join(root, 'current.yaml'));
    for (let i = 0; i < randomMiB; i += 2) await writeFile(join(root, `blob-${i}.bin`), randomBytes(2 * MiB));
    return root;
  };

  const backUp = async (volume: string, opts: { epoch?: number; requestId?: string } = {}) => {
    const cmd = backUpCommand({ storePath, repository, volumes: [volume], ...opts });
    await bus.send(BackUpVolumes, cmd, { scope: 'primary' });
    return cmd;
  };

  const restoreInto = async (volume: string, recoveryPointId: string, targetVolume: string) => {
    const cmd = restoreCommand({ storePath, repository, volume, recoveryPointId, targetVolume });
    await bus.send(RestoreRecoveryPoint, cmd, { scope: 'primary' });
    const done = await bus.next(RestoreRecoveryPointSucceeded, (d) => d.requestId === cmd.requestId, 60_000);
    return done.data.output;
  };

  it('backs up a volume and restores it: the files are identical', async () => {
    const source = await makeVolume('app-data');
    const sagaRef = { sagaId: uniqueName('protect'), step: 'back-up', attempt: 1, action: 'do' as const };
    const cmd = backUpCommand({ storePath, repository, volumes: ['app-data'], sagaRef });
    await bus.send(BackUpVolumes, cmd, { scope: 'primary' });

    const done = await bus.next(BackUpVolumesSucceeded, (d) => d.requestId === cmd.requestId, 60_000);
    expect(done.data).toEqual(expect.objectContaining({ requestId: cmd.requestId, sagaRef, domain: 'primary', node: 'primary-node-1' }));
    const [point] = done.data.output.recoveryPoints;
    expect(point).toEqual({ volume: 'app-data', recoveryPointId: expect.any(String), files: 3, bytes: 100_012, bytesUploaded: expect.any(Number) });

    const restored = await restoreInto('app-data', point!.recoveryPointId, 'app-data-restored');
    expect(restored).toEqual(expect.objectContaining({ targetVolume: 'app-data-restored', files: 3, bytes: 100_012 }));
    expect(await treeDigest(join(agent.volumesDir, 'app-data-restored'))).toEqual(await treeDigest(source));

    const view = await job(cmd.requestId);
    expect(view).toEqual(expect.objectContaining({ status: 'Succeeded', kind: 'back-up-volumes', attempts: 1 }));
    expect(view.progress).toEqual({ bytesDone: 100_012, bytesTotal: 100_012, filesDone: 3, filesTotal: 3 });
  });

  it('restores a later recovery point into the same target reading only what changed from the store', async () => {
    const source = await makeVolume('ledger', 6);
    const first = await backUp('ledger');
    const firstDone = await bus.next(BackUpVolumesSucceeded, (d) => d.requestId === first.requestId, 60_000);
    const full = await restoreInto('ledger', firstDone.data.output.recoveryPoints[0]!.recoveryPointId, 'ledger-dr');
    expect(full.bytesFetched).toBeGreaterThanOrEqual(6 * MiB);

    await writeFile(join(source, 'conf', 'app.yaml'), 'replicas: 12\n'); // one byte longer
    const second = await backUp('ledger');
    const secondDone = await bus.next(BackUpVolumesSucceeded, (d) => d.requestId === second.requestId, 60_000);
    const increment = await restoreInto('ledger', secondDone.data.output.recoveryPoints[0]!.recoveryPointId, 'ledger-dr');
    expect(increment.bytes).toBe(full.bytes + 1);
    expect(increment.bytesFetched).toBeLessThan(MiB); // the 2 MiB blobs came from the target, not the store
    expect(await treeDigest(join(agent.volumesDir, 'ledger-dr'))).toEqual(await treeDigest(source));
  });

  it('answers a repeated request from its record, and refuses a reused requestId with other parameters', async () => {
    await makeVolume('repeat');
    const first = await backUp('repeat');
    const done = await bus.next(BackUpVolumesSucceeded, (d) => d.requestId === first.requestId, 60_000);

    const sagaRef = { sagaId: uniqueName('retry'), step: 'back-up', attempt: 2, action: 'do' as const };
    await bus.send(BackUpVolumes, { ...first, sagaRef }, { scope: 'primary' });
    const again = await bus.next(BackUpVolumesSucceeded, (d) => d.sagaRef?.sagaId === sagaRef.sagaId);
    expect(again.data.output).toEqual(done.data.output);
    expect((await job(first.requestId)).attempts).toBe(1);

    const id = await bus.send(BackUpVolumes, { ...first, groupSnapshotId: 'another-one' }, { scope: 'primary' });
    const dead = await waitFor(() => bus.deadLetters.find((d) => d.event.id === id), { what: 'the dead letter' });
    expect(dead.reason).toContain(`requestId ${first.requestId} is already the back-up-volumes job`);
    expect(dead.reason).toContain('send this one with a new requestId');
  });

  it('resumes a back-up after the agent is SIGKILLed mid-job, uploading nothing twice', async () => {
    const source = await makeVolume('big', 6);
    // The datamover stores chunks in pack files (a 6 MiB volume: about 1 MiB each) and indexes them in index/.
    const packsDir = join(storePath, 'packs');
    const earlier = (await fileStats(packsDir)).size; // packs of the tests before
    const cmd = await backUp('big');
    await waitFor(async () => (await fileStats(packsDir)).size >= earlier + 2, { timeoutMs: 30_000, intervalMs: 20, what: 'some of its packs uploaded' });

    const killed = await agent.process.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const before = await fileStats(storePath);
    expect((await agent.sql.query(`SELECT status FROM agent_job WHERE request_id = $1`, [cmd.requestId])).rows).toEqual([{ status: 'Running' }]);

    await agent.process.start();
    const done = await bus.next(BackUpVolumesSucceeded, (d) => d.requestId === cmd.requestId, 60_000);
    const after = await fileStats(storePath);
    for (const [path, stat] of before) if (path.startsWith('packs/')) expect(after.get(path)).toEqual(stat); // not written again
    const uploaded = (p: string) => /^(packs|index|manifests)\//.test(p) && !before.has(p); // packs, index segments, the manifest
    const newBytes = [...after].filter(([p]) => uploaded(p)).reduce((n, [, s]) => n + s.size, 0);
    expect(done.data.output.recoveryPoints[0]!.bytesUploaded).toBe(newBytes); // only what was missing went up
    expect((await job(cmd.requestId)).attempts).toBe(2);

    const restored = await restoreInto('big', done.data.output.recoveryPoints[0]!.recoveryPointId, 'big-restored');
    expect(restored.bytes).toBe(done.data.output.recoveryPoints[0]!.bytes);
    expect(await treeDigest(join(agent.volumesDir, 'big-restored'))).toEqual(await treeDigest(source));

    // Progress came at most about once a second (each run of the job has its own pace).
    const times = bus.seen(AgentJobProgress, (d) => d.requestId === cmd.requestId).map((e) => Date.parse(e.data.at));
    expect(times.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(990);
  });

  it('stops a running job when the epoch it was sent under is overtaken', async () => {
    await makeVolume('fenced', 6);
    const cmd = await backUp('fenced', { epoch: 0 });
    await waitFor(async () => (await job(cmd.requestId)).status === 'Running', { timeoutMs: 20_000, intervalMs: 20, what: 'the job running' });
    const raisedAt = Date.now();
    await bus.send(SetDomainEpoch, { domain: 'primary', epoch: 1, reason: 'failover' }, { scope: 'primary' });

    const failed = await bus.next(BackUpVolumesFailed, (d) => d.requestId === cmd.requestId, 30_000);
    expect(Date.now() - raisedAt).toBeLessThan(5_000); // stopped, not left to finish
    expect(failed.data).toEqual(expect.objectContaining({ reason: 'stale epoch 0 for domain primary (current 1)', retryable: false }));
    expect((await job(cmd.requestId)).status).toBe('Failed');
    expect(await fileStats(join(storePath, 'manifests', 'fenced'))).toEqual(new Map()); // no recovery point
  });
});
