import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackUpVolumes, BackUpVolumesSucceeded, RestoreRecoveryPoint, RestoreRecoveryPointSucceeded, type StoreRef } from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { type AgentUnderTest, type NatsServerHandle, type S3ServerHandle, startAgent, startNatsServer, startS3Server, treeDigest, uniqueName, waitFor } from '@tandem/testing';
import { type DelayProxy, startDelayProxy } from '../testing/delay.proxy';
import { masterKeySecret } from '../testing/job-command.builder';
import type { Job } from './job.model';

const MiB = 1024 * 1024;

/**
 * Back-ups whose object store becomes unreachable in the middle: a NATS object store whose server is stopped and
 * started, and an S3 store (a real S3-compatible server) whose link is cut for longer than the store's own
 * retries last. Either way the job finishes once the store is back, and the restored files are identical.
 */
describe('jobs whose store becomes unreachable (real NATS and S3 stores)', () => {
  let nats: NatsServerHandle;
  let s3: S3ServerHandle;
  let link: DelayProxy;
  let agent: AgentUnderTest;
  let bus: TestBus;
  let repository: { masterKeyRef: { secretFile: string } };
  const prefix = uniqueName('outage');

  beforeAll(async () => {
    [nats, s3] = await Promise.all([startNatsServer(), startS3Server({ bucket: 'tandem-pair-a' })]);
    link = await startDelayProxy({ targetPort: Number(new URL(s3.endpoint).port), delayMs: 0 });
    bus = await TestBus.open(nats.url, prefix, 'agent');
    agent = await startAgent({
      natsUrl: nats.url,
      prefix,
      domain: 'primary',
      env: {
        TANDEM_AGENT_UPLOAD_BYTES_PER_SECOND: String(MiB),
        TANDEM_AGENT_JOB_POLL_MS: '200',
        // The S3 credentials, referenced by the commands by these names, never carried by them.
        TANDEM_SECRET_S3_ID: s3.accessKeyId,
        TANDEM_SECRET_S3_KEY: s3.secretAccessKey,
      },
    });
    repository = await masterKeySecret(agent.secretsDir);
  });

  afterAll(async () => {
    await agent?.destroy();
    await bus?.close();
    await link?.close();
    await s3?.destroy();
    await nats?.stop();
  });

  const job = async (requestId: string) => (await agent.get<Job>(`/v1/agent/jobs/${requestId}`)).body;

  const volumeOf = async (name: string): Promise<string> => {
    const root = join(agent.volumesDir, name);
    await mkdir(root);
    for (let i = 0; i < 3; i++) await writeFile(join(root, `part-${i}.bin`), randomBytes(2 * MiB));
    return root;
  };

  const backUpWhileUnreachable = async (volume: string, store: StoreRef, outage: (requestId: string) => Promise<void>) => {
    const source = await volumeOf(volume);
    const requestId = `backup-${randomUUID()}`;
    await bus.send(BackUpVolumes, { requestId, epoch: 0, store, repository, groupSnapshotId: 'gs-1', volumes: [{ name: volume }] }, { scope: 'primary' });
    await waitFor(async () => (await job(requestId)).progress.bytesDone > 0, { timeoutMs: 30_000, intervalMs: 50, what: 'the back-up under way' });
    await outage(requestId);
    const done = await bus.next(BackUpVolumesSucceeded, (d) => d.requestId === requestId, 90_000);

    const restore = { requestId: `restore-${randomUUID()}`, epoch: 0, store, repository, volume, recoveryPointId: done.data.output.recoveryPoints[0]!.recoveryPointId, targetVolume: `${volume}-copy` };
    await bus.send(RestoreRecoveryPoint, restore, { scope: 'primary' });
    await bus.next(RestoreRecoveryPointSucceeded, (d) => d.requestId === restore.requestId, 60_000);
    expect(await treeDigest(join(agent.volumesDir, `${volume}-copy`))).toEqual(await treeDigest(source));
    return job(requestId);
  };

  it('rides out a NATS object store outage', async () => {
    const finished = await backUpWhileUnreachable('orders', { kind: 'nats', bucket: 'pair-a' }, async () => {
      await nats.stop();
      await new Promise((r) => setTimeout(r, 3_000));
      await nats.restart();
    });
    expect(finished.status).toBe('Succeeded');
  });

  it('tries again later when an S3 store stays unreachable past its retries, and finishes', async () => {
    const store: StoreRef = {
      kind: 's3',
      endpoint: `http://127.0.0.1:${link.port}`,
      region: s3.region,
      bucket: s3.bucket,
      prefix: 'pairs/a',
      forcePathStyle: true,
      credentialsRef: { env: { accessKeyId: 'TANDEM_SECRET_S3_ID', secretAccessKey: 'TANDEM_SECRET_S3_KEY' } },
    };
    const finished = await backUpWhileUnreachable('invoices', store, async (requestId) => {
      const port = link.port;
      await link.close(); // the link is cut: connections reset, new ones refused
      const failedForNow = await waitFor(async () => (await job(requestId)).lastError, { timeoutMs: 60_000, what: 'the job to fail for now' });
      expect((await job(requestId)).status).toBe('Running'); // waiting to try again, not failed
      expect(failedForNow).toMatch(/s3 object store .* failed after \d+ attempts/);
      link = await startDelayProxy({ targetPort: Number(new URL(s3.endpoint).port), delayMs: 0, port });
    });
    expect(finished.status).toBe('Succeeded');
    expect(finished.attempts).toBeGreaterThanOrEqual(2);
    expect(finished.lastError).toMatch(/s3 object store/);
  });
});
