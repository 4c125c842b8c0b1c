import { ActivateApplications, ActivateApplicationsFailed, ApplicationsActivated, type CloudEvent, type DataOf } from '@tandem/contracts';
import { LabSiteFixture } from '@tandem/integration-testing';
import { Annotations, type KubeObject, type LabPlatform, writeDomainFence } from '@tandem/platform';
import { MigrationHarness } from './testing/migration.harness';

type Activated = CloudEvent<DataOf<typeof ApplicationsActivated>>;
type Failed = CloudEvent<DataOf<typeof ActivateApplicationsFailed>>;

/** The failover saga's last step: ActivateApplications over the bus, on a real migration process and lab site. */
describe('migration service: activate-applications over the bus', () => {
  let site: LabSiteFixture;
  let lab: LabPlatform;
  let harness: MigrationHarness;
  const ns = 'shop';

  // As a migration with startApplications=false leaves it: at 0, the source's count recorded.
  const migrated = (name: string, recorded: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, annotations: { [Annotations.replicas]: recorded }, labels: { app: name } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox:1.36' }] } },
    },
  });
  const replicasOf = async (name: string) => ((await lab.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name }))?.['spec'] as { replicas: number }).replicas;
  const command = (requestId: string, overrides: Partial<DataOf<typeof ActivateApplications>> = {}): DataOf<typeof ActivateApplications> => ({
    requestId,
    namespaces: [ns],
    selectors: {},
    action: 'activate',
    readyTimeoutSeconds: 60,
    ...overrides,
  });
  const ask = async (data: DataOf<typeof ActivateApplications>) => harness.bus.answerTo(await harness.bus.send(ActivateApplications, data), [ApplicationsActivated, ActivateApplicationsFailed]);

  beforeAll(async () => {
    site = await LabSiteFixture.create('west');
    lab = await site.platform();
    await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { fieldManager: 'tandem' });
    await lab.apply(migrated('web', '2'), { fieldManager: 'tandem' });
    harness = await MigrationHarness.start({ platform: `lab:${site.dir}` });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
    await lab?.close();
    await site?.dispose();
  }, 60_000);

  const sagaRef = (attempt: number) => ({ sagaId: 'failover_shop_web-failover-1', step: 'activate-application', action: 'do' as const, attempt });

  it('refuses while the site is fenced: a retryable failure naming the fence, nothing scaled', async () => {
    await writeDomainFence(lab, { domain: 'west', active: false, epoch: 4 });
    const answer = (await ask(command('failover-1.activate-application', { sagaRef: sagaRef(1) }))) as Failed;
    expect(answer.type).toBe(ActivateApplicationsFailed.type);
    expect(answer.data.retryable).toBe(true);
    expect(answer.data.sagaRef).toEqual(sagaRef(1));
    expect(answer.data.reason).toContain('cannot activate the applications of namespace shop on this site');
    expect(answer.data.reason).toContain('cluster domain west is deactivated (fence ConfigMap tandem-system/tandem-domain, epoch 4)');
    expect(await replicasOf('web')).toBe(0);
  });

  it('once unfenced, the same requestId activates: the recorded count restored, answered when the pods are ready', async () => {
    await writeDomainFence(lab, { domain: 'west', active: true, epoch: 5 });
    const answer = (await ask(command('failover-1.activate-application', { sagaRef: sagaRef(2) }))) as Activated;
    expect(answer.type).toBe(ApplicationsActivated.type);
    expect(answer.data).toEqual({
      requestId: 'failover-1.activate-application',
      sagaRef: sagaRef(2),
      output: { action: 'activate', workloads: [{ kind: 'Deployment', namespace: ns, name: 'web', replicas: 2, ready: 2 }], readyAt: expect.any(String) },
    });
    expect(await replicasOf('web')).toBe(2);
    expect((await lab.workloadStatus({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' })).ready).toBe(2);
    const run = await harness.get<{ kind: string; outcome: string; attempts: number }>('/v1/resource-migrations/failover-1.activate-application');
    expect(run.body).toEqual(expect.objectContaining({ kind: 'activate-applications', outcome: 'succeeded', attempts: 2 }));
  });

  it('answers the same requestId again as recorded, with its own answer, doing nothing again', async () => {
    const first = harness.bus.seen(ApplicationsActivated, (d) => d.requestId === 'failover-1.activate-application');
    // Scaled by hand meanwhile: an activation done again would leave it at 1 (nothing recorded to restore) and answer 1.
    const web = await lab.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    await lab.apply({ ...web!, spec: { ...(web!['spec'] as object), replicas: 1 } }, { fieldManager: 'kubectl', force: true });
    const again = (await ask(command('failover-1.activate-application', { sagaRef: sagaRef(3) }))) as Activated;
    expect(again.data).toEqual({ ...first[0]!.data, sagaRef: sagaRef(3) });
    expect(again.id).not.toBe(first[0]!.id);
  });

  it('deactivates: the workload back at 0, its count recorded', async () => {
    await lab.apply(migrated('api', '1'), { fieldManager: 'tandem' });
    const answer = (await ask(command('failback-1.deactivate', { action: 'deactivate', selectors: { app: 'api' } }))) as Activated;
    expect(answer.type).toBe(ApplicationsActivated.type);
    expect(answer.data.output.workloads).toEqual([{ kind: 'Deployment', namespace: ns, name: 'api', replicas: 0, ready: 0 }]);
    expect(await replicasOf('api')).toBe(0);
  });

  it('fails, naming the workload, when it is not ready in time (its container keeps crashing)', async () => {
    await lab.apply(
      {
        ...migrated('stuck', '1'),
        spec: { replicas: 0, selector: { matchLabels: { app: 'stuck' } }, template: { metadata: { labels: { app: 'stuck' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] } } },
      },
      { fieldManager: 'tandem' },
    );
    const answer = (await ask(command('failover-2.activate-application', { selectors: { app: 'stuck' }, readyTimeoutSeconds: 2 }))) as Failed;
    expect(answer.type).toBe(ActivateApplicationsFailed.type);
    expect(answer.data.retryable).toBe(false);
    expect(answer.data.reason).toContain('not ready within 2 s: Deployment shop/stuck has 0 of 1 pods ready');
  });
});
