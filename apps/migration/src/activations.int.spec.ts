import { Annotations, type KubeObject, type LabPlatform, writeDomainFence } from '@tandem/platform';
import { waitFor } from '@tandem/testing';
import { MigrationHarness } from './testing/migration.harness';
import { LabSiteFixture } from '@tandem/integration-testing';

interface Answer {
  action: string;
  namespaces: { namespace: string; workloads: { kind: string; name: string; outcome: string; replicas?: number }[] }[];
}

/** `tandemctl activate migration -n appns`: POST /v1/activations on a real migration process over a real lab site. */
describe('migration service: activations', () => {
  let site: LabSiteFixture;
  let lab: LabPlatform;
  let harness: MigrationHarness;
  const ns = 'appns';

  const workload = (kind: 'Deployment' | 'StatefulSet', name: string, recorded: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns, annotations: { [Annotations.replicas]: recorded }, labels: { app: name } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox:1.36' }] } },
    },
  });
  const replicasOf = async (kind: string, name: string) => ((await lab.get({ apiVersion: 'apps/v1', kind, namespace: ns, name }))?.['spec'] as { replicas: number }).replicas;
  const post = async (body: unknown) => {
    const res = await fetch(`${harness.url}/v1/activations`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: res.status, body: (await res.json()) as Answer & { message: string } };
  };

  beforeAll(async () => {
    site = await LabSiteFixture.create('east');
    lab = await site.platform();
    await lab.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { fieldManager: 'tandem' });
    // As a migration with startApplications=false leaves them: at 0, the source's counts recorded.
    await lab.apply(workload('Deployment', 'web', '2'), { fieldManager: 'tandem' });
    await lab.apply(workload('StatefulSet', 'db', '1'), { fieldManager: 'tandem' });
    harness = await MigrationHarness.start({ platform: `lab:${site.dir}` });
  });

  afterAll(async () => {
    await harness?.close();
    await lab?.close();
    await site?.dispose();
  });

  it('refuses while the domain of the site is deactivated (409, the fence named), changing nothing', async () => {
    await writeDomainFence(lab, { domain: 'dr-site', active: false, epoch: 2 });
    const refused = await post({ namespaces: [ns], action: 'activate' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('cluster domain dr-site is deactivated (fence ConfigMap tandem-system/tandem-domain, epoch 2)');
    expect(refused.body.message).toContain('tandemctl activate clusterdomain dr-site');
    expect(await replicasOf('Deployment', 'web')).toBe(0);
  });

  it('activates: the migrated workloads get their recorded counts, and their pods run', async () => {
    await writeDomainFence(lab, { domain: 'dr-site', active: true, epoch: 3 });
    const answer = await post({ namespaces: [ns], action: 'activate' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      action: 'activate',
      namespaces: [
        {
          namespace: ns,
          workloads: expect.arrayContaining([
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', outcome: 'updated', replicas: 2 },
            { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', outcome: 'updated', replicas: 1 },
          ]),
        },
      ],
    });
    expect(await replicasOf('Deployment', 'web')).toBe(2);
    expect(await replicasOf('StatefulSet', 'db')).toBe(1);
    await waitFor(async () => (await lab.workloadStatus({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' })).ready === 2, { what: 'web to run two pods', timeoutMs: 30_000 });
    const again = await post({ namespaces: [ns], action: 'activate' });
    expect(again.body.namespaces[0]!.workloads.every((w) => w.outcome === 'unchanged')).toBe(true);
  });

  it('deactivates with a selector: only the matching workloads go to 0, their count recorded', async () => {
    const answer = await post({ namespaces: [ns], action: 'deactivate', selectors: { app: 'web' } });
    expect(answer.body.namespaces[0]!.workloads).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', outcome: 'updated', replicas: 0 }]);
    expect(await replicasOf('Deployment', 'web')).toBe(0);
    expect(await replicasOf('StatefulSet', 'db')).toBe(1);
    const web = await lab.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    expect(web?.metadata.annotations?.[Annotations.replicas]).toBe('2');
  });

  it('answers 400 naming the field for a bad request', async () => {
    const noNamespaces = await post({ namespaces: [], action: 'activate' });
    expect(noNamespaces.status).toBe(400);
    expect(noNamespaces.body.message).toContain('body.namespaces');
    const badAction = await post({ namespaces: [ns], action: 'start' });
    expect(badAction.status).toBe(400);
    expect(badAction.body.message).toContain('body.action');
  });
});
