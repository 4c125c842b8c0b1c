import { activateApplications } from '../application/activate-applications';
import { readDomainFence, writeDomainFence } from '../domain-fence';
import { Annotations } from '../model/annotations';
import type { KubeObject, ObjectRef } from '../model/kube-object';
import { isPlatformError } from '../platform.errors';
import { eventually, suffix } from '../platform.contract';
import { LabPlatform } from './client/lab.platform';
import { LabSiteProcess } from './fixtures/lab-site.process';

/** The domain fence on a lab site served by a real `lab-site serve` process: the admission check and activation. */
describe('lab site: domain fence', () => {
  let site: LabSiteProcess;
  let lab: LabPlatform;
  const ns = `fence-${suffix()}`;
  const tandem = { fieldManager: 'tandem' };

  const deployment = (name: string, replicas: number, annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
  });
  const ref = (name: string): ObjectRef => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name });
  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(() => undefined, (e: unknown) => e);
    expect(isPlatformError(error, 'Forbidden')).toBe(true);
    return (error as Error).message;
  };

  beforeAll(async () => {
    site = await LabSiteProcess.create('fenced');
    lab = await site.platform();
    await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, tandem);
    // As a migration leaves them: at 0, the source's count recorded; and one workload Tandem did not migrate.
    await lab.apply(deployment('web', 0, { [Annotations.replicas]: '2' }), tandem);
    await lab.apply(deployment('api', 0, { [Annotations.replicas]: '1' }), tandem);
    await lab.apply(deployment('local', 0), tandem);
    await writeDomainFence(lab, { domain: 'dr-site', active: false, epoch: 3 });
  });

  afterAll(async () => {
    await lab?.close();
    await site?.dispose();
  });

  it('reads the fence the failover service writes', async () => {
    expect(await readDomainFence(lab)).toEqual({ domain: 'dr-site', active: false, epoch: 3 });
  });

  it('refuses to scale up a migrated workload while fenced, by scale or by apply, and starts no pod', async () => {
    const scaled = await refusal(lab.scale(ref('web'), 2));
    expect(scaled).toContain('cluster domain dr-site is deactivated (fence ConfigMap tandem-system/tandem-domain, epoch 3)');
    expect(scaled).toContain('tandemctl activate clusterdomain dr-site');
    // An apply that takes the record away and sets the count, as activation does.
    const applied = await refusal(lab.apply(deployment('web', 2), { ...tandem, force: true }));
    expect(applied).toContain('scaling to 2 replicas is refused');
    expect((await lab.get(ref('web')))?.['spec']).toMatchObject({ replicas: 0 });
    expect(await lab.workloadStatus(ref('web'))).toEqual({ desired: 0, current: 0, ready: 0 });
  });

  it('refuses activateApplications with the same message, changing nothing', async () => {
    const message = await refusal(activateApplications(lab, ns));
    expect(message).toContain('cluster domain dr-site is deactivated');
    expect((await lab.get(ref('api')))?.metadata.annotations?.[Annotations.replicas]).toBe('1');
  });

  it('always lets a migrated workload scale down, and leaves workloads Tandem did not migrate alone', async () => {
    await lab.apply(deployment('api', 0, { [Annotations.replicas]: '1' }), tandem);
    await lab.scale(ref('api'), 0);
    await lab.scale(ref('local'), 1);
    await eventually(async () => (await lab.workloadStatus(ref('local'))).current === 1, 'the unmigrated workload to run its pod');
    await lab.scale(ref('local'), 0);
  });

  it('lets activation run the workloads once the domain is activated', async () => {
    await writeDomainFence(lab, { domain: 'dr-site', active: true, epoch: 4 });
    const report = await activateApplications(lab, ns);
    expect(report.resources.filter((r) => r.outcome === 'updated').map((r) => r.ref.name).sort()).toEqual(['api', 'web']);
    expect((await lab.get(ref('web')))?.['spec']).toMatchObject({ replicas: 2 });
    await eventually(async () => (await lab.workloadStatus(ref('web'))).ready === 2, 'web to run two pods');
  });
});
