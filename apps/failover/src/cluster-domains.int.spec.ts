import { randomBytes, randomUUID } from 'node:crypto';
import {
  AgentHeartbeat,
  BackUpVolumes,
  BackUpVolumesFailed,
  type CloudEvent,
  type DataOf,
  DomainActivated,
  DomainDeactivated,
  MigrationFinished,
  MigrationRequested,
} from '@tandem/contracts';
import { LabSiteFixture, TestBus } from '@tandem/integration-testing';
import { readDomainFence } from '@tandem/platform';
import { type AgentUnderTest, freePort, type ServiceUnderTest, startAgent, startServiceUnderTest, waitFor } from '@tandem/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DomainView } from './domains/domain-view';

/**
 * Cluster domains on one site (domain primary): a real failover process on a real lab site, a real agent of
 * primary sending heartbeats, and the test's seat on the bus standing in for dr-site's agents and for the scheduler.
 */
describe('failover service: cluster domains', () => {
  let lab: LabSiteFixture;
  let failover: ServiceUnderTest;
  let agent: AgentUnderTest;
  let bus: TestBus;
  /** A master key file in the agent's secrets directory, for data commands. */
  let masterKeyFile: string;

  beforeAll(async () => {
    lab = await LabSiteFixture.create('primary');
    failover = await startServiceUnderTest({
      app: 'failover',
      name: 'failover-domains',
      env: { TANDEM_DOMAIN: 'primary', TANDEM_PLATFORM: `lab:${lab.dir}`, TANDEM_FAILOVER_HEARTBEAT_STALE_MS: '5000' },
    });
    bus = await TestBus.open(failover.nats.url, failover.prefix, 'failover');
    agent = await startAgent({ natsUrl: failover.nats.url, prefix: failover.prefix, domain: 'primary', env: { TANDEM_AGENT_HEARTBEAT_MS: '300' } });
    masterKeyFile = join(agent.secretsDir, 'master-key');
    await writeFile(masterKeyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await mkdir(join(agent.volumesDir, 'data'));
  });

  afterAll(async () => {
    await agent?.destroy();
    await bus?.close().catch(() => undefined);
    await failover?.close();
    await lab?.dispose().catch(() => undefined);
  });

  const request = <T>(method: string, path: string, body?: object) => failover.request<T>(method, path, body);
  const domain = async (name: string) => (await request<DomainView>('GET', `/v1/clusterdomains/${name}`)).body;
  const until = (name: string, what: string, check: (d: DomainView) => boolean) =>
    waitFor(async () => {
      const d = await domain(name);
      return check(d) ? d : undefined;
    }, { what, timeoutMs: 20_000, intervalMs: 100 });
  const drSiteBeat = (at: Date) =>
    bus.send(AgentHeartbeat, { domain: 'dr-site', node: 'dr-node-1', version: 'test', epoch: 0, volumes: [], at: at.toISOString() });

  it('shows its own domain InSync once its agent is heard, with the agent and its epoch', async () => {
    const primary = await until('primary', 'primary heard', (d) => d.agents.length === 1);
    expect(primary).toMatchObject({ name: 'primary', local: true, active: true, state: 'Active', syncStatus: 'InSync', epoch: 0 });
    expect(primary.agents).toEqual([{ node: 'primary-node-1', version: expect.any(String), epoch: 0, lastHeartbeatAt: expect.any(String) }]);
    expect(primary.lastHeartbeatAt).toBe(primary.agents[0]!.lastHeartbeatAt);
  });

  it('shows a domain Unknown when its agents were not heard within the stale limit, InSync when they are', async () => {
    await drSiteBeat(new Date(Date.now() - 60_000));
    const stale = await until('dr-site', 'dr-site known', (d) => d.name === 'dr-site');
    expect(stale).toMatchObject({ name: 'dr-site', local: false, active: true, syncStatus: 'Unknown' });
    await drSiteBeat(new Date());
    await until('dr-site', 'dr-site InSync', (d) => d.syncStatus === 'InSync');
    const list = await request<{ items: DomainView[] }>('GET', '/v1/clusterdomains');
    expect(list.body.items.map((d) => d.name)).toEqual(['dr-site', 'primary']);
  });

  it('follows migrations to a domain: SyncInProgress while one runs, NotInSync when it failed, InSync after a success', async () => {
    const pair = `apiVersion: tandem.dev/v1alpha1
kind: ClusterPair
metadata: {name: to-dr, namespace: appns}
spec:
  destination:
    endpoints: [http://127.0.0.1:${await freePort()}]
    clusterDomain: dr-site
    kubeconfigSecretRef: {name: dr-site-platform}
`;
    const applied = await failover.request('POST', '/v1/resources', pair);
    expect(applied.status).toBe(200);
    const requested = (migration: string): DataOf<typeof MigrationRequested> => ({
      migration,
      schedule: { namespace: 'appns', name: 'app' },
      schedulePolicy: 'every-minute',
      policyType: 'interval',
      firedAt: new Date().toISOString(),
      missed: 0,
      covers: [],
      template: {
        clusterPair: 'to-dr',
        namespaces: ['appns'],
        selectors: {},
        excludeSelectors: {},
        includeResources: true,
        includeVolumes: true,
        startApplications: false,
        purgeDeletedResources: false,
        includeOptionalResourceTypes: [],
      },
    });
    const finished = (migration: string, status: 'Successful' | 'Failed') =>
      bus.send(MigrationFinished, { migration, namespace: 'appns', status, finishedAt: new Date().toISOString(), ...(status === 'Failed' ? { reason: 'the test failed it' } : {}) });

    await drSiteBeat(new Date());
    await bus.send(MigrationRequested, requested('app-interval-1'));
    await until('dr-site', 'SyncInProgress', (d) => d.syncStatus === 'SyncInProgress');
    await finished('app-interval-1', 'Failed');
    const failed = await until('dr-site', 'NotInSync', (d) => d.syncStatus === 'NotInSync');
    expect(failed.lastMigration).toMatchObject({ namespace: 'appns', migration: 'app-interval-1', status: 'Failed' });

    await bus.send(MigrationRequested, requested('app-interval-2'));
    await drSiteBeat(new Date());
    await until('dr-site', 'SyncInProgress again', (d) => d.syncStatus === 'SyncInProgress');
    await finished('app-interval-2', 'Successful');
    await drSiteBeat(new Date());
    await until('dr-site', 'InSync', (d) => d.syncStatus === 'InSync');
    // primary is the source of these migrations: its status is not touched by them.
    expect((await domain('primary')).syncStatus).toBe('InSync');
  });

  it('deactivates its own domain: epoch raised, agents fenced, the site fenced, an event for integrations', async () => {
    const answer = await request<{ changed: boolean; previousEpoch: number; domain: DomainView }>('POST', '/v1/clusterdomains/primary/deactivate', { reason: 'planned failover to dr-site' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ changed: true, previousEpoch: 0, domain: { name: 'primary', active: false, state: 'Inactive', syncStatus: 'NotInSync', epoch: 1 } });

    // The agent applied set-domain-epoch: its heartbeats report the new epoch.
    await until('primary', 'the agent to hold epoch 1', (d) => d.agents[0]?.epoch === 1);
    expect(await readDomainFence(await lab.platform())).toEqual({ domain: 'primary', active: false, epoch: 1 });
    const event = await bus.waitForOne([DomainDeactivated], (e) => (e.data as { domain: string }).domain === 'primary');
    expect(event.data).toEqual({ domain: 'primary', epoch: 1, previousEpoch: 0, reason: 'planned failover to dr-site', at: expect.any(String) });

    // A data command of the old owner's epoch is refused by the agent.
    const cmd: DataOf<typeof BackUpVolumes> = {
      requestId: `backup-${randomUUID()}`,
      epoch: 0,
      store: { kind: 'fs', path: join(agent.volumesDir, '..', 'store') },
      repository: { masterKeyRef: { secretFile: masterKeyFile } },
      groupSnapshotId: 'gs-stale',
      volumes: [{ name: 'data' }],
    };
    await bus.send(BackUpVolumes, cmd, { scope: 'primary' });
    const refused = (await bus.waitForOne([BackUpVolumesFailed], (e) => (e.data as { requestId: string }).requestId === cmd.requestId)) as CloudEvent<DataOf<typeof BackUpVolumesFailed>>;
    expect(refused.data).toMatchObject({ reason: 'stale epoch 0 for domain primary (current 1)', retryable: false });

    const again = await request<{ changed: boolean; domain: DomainView }>('POST', '/v1/clusterdomains/primary/deactivate');
    expect(again.body).toMatchObject({ changed: false, domain: { active: false, epoch: 1 } });
  });

  it('activates it again under a new epoch; activating an active domain changes nothing', async () => {
    const answer = await request<{ changed: boolean; domain: DomainView }>('POST', '/v1/clusterdomains/primary/activate', {});
    expect(answer.body).toMatchObject({ changed: true, domain: { active: true, state: 'Active', epoch: 2 } });
    await until('primary', 'the agent to hold epoch 2 and the domain InSync', (d) => d.agents[0]?.epoch === 2 && d.syncStatus === 'InSync');
    expect(await readDomainFence(await lab.platform())).toEqual({ domain: 'primary', active: true, epoch: 2 });
    await bus.waitForOne([DomainActivated], (e) => (e.data as { epoch: number }).epoch === 2);

    const again = await request<{ changed: boolean; domain: DomainView }>('POST', '/v1/clusterdomains/primary/activate');
    expect(again.body).toMatchObject({ changed: false, domain: { active: true, epoch: 2 } });
    expect(bus.seen(DomainActivated)).toHaveLength(1);
  });

  it('answers 400 for a malformed name or body and 404 for a domain it does not know, saying what to do', async () => {
    const bad = await request<{ message: string }>('POST', '/v1/clusterdomains/Not_A_Domain/deactivate');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('a cluster domain name, e.g. primary or dr-site');
    const badBody = await request<{ message: string }>('POST', '/v1/clusterdomains/primary/deactivate', { reason: 42 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.message).toContain('body.reason');
    const unknown = await request<{ message: string }>('POST', '/v1/clusterdomains/elsewhere/activate');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('cluster domain elsewhere is not known on this site');
    expect((await domain('primary')).epoch).toBe(2);
  });
});
