import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BackUpVolumes, BackUpVolumesFailed, DomainEpochSet, MessageFailed, SetDomainEpoch } from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { type AgentUnderTest, type NatsServerHandle, startAgent, startNatsServer, tempDir, uniqueName, waitFor } from '@tandem/testing';
import { backUpCommand, masterKeySecret } from '../testing/job-command.builder';

/** Fencing across real processes: the epoch only rises, and a command from an older epoch is never executed. */
describe('domain epoch fencing (real agent process, NATS, Postgres)', () => {
  let nats: NatsServerHandle;
  let agent: AgentUnderTest;
  let bus: TestBus;
  let storePath: string;
  let repository: { masterKeyRef: { secretFile: string } };
  const prefix = uniqueName('fence');

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await TestBus.open(nats.url, prefix, 'agent', { deadLetters: true });
    agent = await startAgent({ natsUrl: nats.url, prefix, domain: 'primary' });
    await mkdir(join(agent.volumesDir, 'data'));
    storePath = join(await tempDir('fence-store'), 'store');
    repository = await masterKeySecret(agent.secretsDir);
  });

  afterAll(async () => {
    await agent?.destroy();
    await bus?.close();
    await nats?.stop();
  });

  const epochNow = async () => (await agent.get<{ epoch: number }>('/v1/agent/epoch')).body.epoch;
  const jobCount = async (requestId: string) => (await agent.sql.query(`SELECT 1 FROM agent_job WHERE request_id = $1`, [requestId])).rowCount;

  it('raises the epoch and answers with the epoch held', async () => {
    const sagaRef = { sagaId: uniqueName('failover'), step: 'fence-source', attempt: 1, action: 'do' as const };
    await bus.send(SetDomainEpoch, { domain: 'primary', epoch: 5, reason: 'failover to dr-site', sagaRef }, { scope: 'primary' });
    const answer = await bus.next(DomainEpochSet, (d) => d.sagaRef?.sagaId === sagaRef.sagaId);
    expect(answer.data.output).toEqual({ epoch: 5, previous: 0, raised: true });
    expect(await epochNow()).toBe(5);
  });

  it('never lowers it: a lower or equal epoch is a no-op, answered', async () => {
    const sagaRef = { sagaId: uniqueName('late'), step: 'fence-source', attempt: 1, action: 'do' as const };
    await bus.send(SetDomainEpoch, { domain: 'primary', epoch: 3, reason: 'a late message', sagaRef }, { scope: 'primary' });
    const answer = await bus.next(DomainEpochSet, (d) => d.sagaRef?.sagaId === sagaRef.sagaId);
    expect(answer.data.output).toEqual({ epoch: 5, previous: 5, raised: false });
    expect(await epochNow()).toBe(5);
  });

  it('refuses a data command from a stale epoch: not executed, answered, dead-lettered with the reason', async () => {
    const sagaRef = { sagaId: uniqueName('stale'), step: 'back-up', attempt: 1, action: 'do' as const };
    const cmd = backUpCommand({ storePath, repository, volumes: ['data'], epoch: 4, sagaRef });
    const id = await bus.send(BackUpVolumes, cmd, { scope: 'primary' });
    const reason = 'stale epoch 4 for domain primary (current 5)';

    const failed = await bus.next(BackUpVolumesFailed, (d) => d.requestId === cmd.requestId);
    expect(failed.data).toEqual({ requestId: cmd.requestId, sagaRef, domain: 'primary', node: 'primary-node-1', reason, retryable: false });
    const dead = await waitFor(() => bus.deadLetters.find((d) => d.event.id === id), { what: 'the dead letter' });
    expect(dead.reason).toContain(reason);
    expect(dead.consumer).toBe('agent-primary');
    const busFailed = await bus.next(MessageFailed, (d) => d.messageId === id);
    expect(busFailed.data.sagaRef).toEqual(sagaRef);
    expect(busFailed.data.reason).toContain(reason);

    expect(await jobCount(cmd.requestId)).toBe(0);
    const refused = await agent.sql.query(`SELECT epoch, current_epoch, reason FROM agent_fenced_command WHERE command_id = $1`, [id]);
    expect(refused.rows).toEqual([{ epoch: '4', current_epoch: '5', reason }]);
  });

  it('accepts a command of the current epoch as a job', async () => {
    const cmd = backUpCommand({ storePath, repository, volumes: ['data'], epoch: 5 });
    await bus.send(BackUpVolumes, cmd, { scope: 'primary' });
    await waitFor(async () => (await jobCount(cmd.requestId)) === 1, { what: 'the job accepted' });
  });

  it('adopts a newer epoch a command carries, and refuses the older owner from then on', async () => {
    const newer = backUpCommand({ storePath, repository, volumes: ['data'], epoch: 9 });
    await bus.send(BackUpVolumes, newer, { scope: 'primary' });
    await waitFor(async () => (await jobCount(newer.requestId)) === 1, { what: 'the newer job accepted' });
    expect(await epochNow()).toBe(9);

    const older = backUpCommand({ storePath, repository, volumes: ['data'], epoch: 5 });
    await bus.send(BackUpVolumes, older, { scope: 'primary' });
    const failed = await bus.next(BackUpVolumesFailed, (d) => d.requestId === older.requestId);
    expect(failed.data.reason).toBe('stale epoch 5 for domain primary (current 9)');
    expect(await jobCount(older.requestId)).toBe(0);
  });

  it('refuses set-domain-epoch meant for another domain, saying where to send it', async () => {
    // Routed to primary's agents by scope, but naming dr-site: a mistake by the sender, not a domain change.
    const id = await bus.send(SetDomainEpoch, { domain: 'dr-site', epoch: 50, reason: 'misrouted' }, { scope: 'primary' });
    const dead = await waitFor(() => bus.deadLetters.find((d) => d.event.id === id), { what: 'the dead letter' });
    expect(dead.reason).toContain('set-domain-epoch for domain dr-site reached an agent of domain primary: send it with scope dr-site');
    expect(await epochNow()).toBe(9);
  });
});
