import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentHeartbeat, SetDomainEpoch } from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { type AgentUnderTest, type NatsServerHandle, startAgent, startNatsServer, uniqueName } from '@tandem/testing';

describe('agent heartbeats (real agent process, NATS, Postgres)', () => {
  let nats: NatsServerHandle;
  let agent: AgentUnderTest;
  let bus: TestBus;
  const prefix = uniqueName('hb');

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await TestBus.open(nats.url, prefix, 'agent');
    agent = await startAgent({ natsUrl: nats.url, prefix, domain: 'primary', node: 'node-a', env: { TANDEM_AGENT_HEARTBEAT_MS: '300' } });
    await mkdir(join(agent.volumesDir, 'pg-data', 'base'), { recursive: true });
    await writeFile(join(agent.volumesDir, 'pg-data', 'base', 'a.bin'), Buffer.alloc(1000, 1));
    await writeFile(join(agent.volumesDir, 'pg-data', 'PG_VERSION'), '17\n');
    await mkdir(join(agent.volumesDir, 'uploads'));
  });

  afterAll(async () => {
    await agent?.destroy();
    await bus?.close();
    await nats?.stop();
  });

  it('announces domain, node, version, epoch and the volumes it reaches, every interval', async () => {
    // Sizes are measured every few beats: wait for one that has measured the volumes with their files.
    const beat = await bus.next(AgentHeartbeat, (d) => d.volumes.length === 2 && d.volumes[0]?.bytes === 1003);
    expect(beat.data).toEqual({
      domain: 'primary',
      node: 'node-a',
      version: '0.1.0',
      epoch: 0,
      volumes: [
        { name: 'pg-data', path: join(agent.volumesDir, 'pg-data'), bytes: 1003 },
        { name: 'uploads', path: join(agent.volumesDir, 'uploads'), bytes: 0 },
      ],
      at: expect.any(String),
    });
    const start = bus.seen(AgentHeartbeat).length;
    await new Promise((r) => setTimeout(r, 1_600));
    const beats = bus.seen(AgentHeartbeat).slice(start);
    expect(beats.length).toBeGreaterThanOrEqual(3); // ~5 at 300 ms; slack for a busy machine
    expect(beats.length).toBeLessThanOrEqual(7);
  });

  it('reports the epoch it holds once it is raised', async () => {
    await bus.send(SetDomainEpoch, { domain: 'primary', epoch: 4, reason: 'failover drill' }, { scope: 'primary' });
    const beat = await bus.next(AgentHeartbeat, (d) => d.epoch === 4);
    expect(beat.data.node).toBe('node-a');
  });
});
