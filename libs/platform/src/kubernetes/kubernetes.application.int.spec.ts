import { uniqueName } from '@tandem/testing';
import { migrateApplication } from '../application';
import { describeApplicationMigration } from '../application.contract';
import { realisticAppYaml } from '../fixtures/realistic-app.fixture';
import { describeRef } from '../model/kube-object';
import { isPlatformError } from '../platform.errors';
import { deployAsAdmin, startKubeSite, type KubeSite } from './kubernetes.fixture';

const suffixOf = () => uniqueName('k').toLowerCase().replace(/[^a-z0-9]/g, '').slice(-10);
const widgetsOf = (suffix: string) => ({ group: `widgets-${suffix}.example.com`, resource: 'widgets' });

// Two real API servers: the application collected on one (as Tandem's least-privilege identity) and applied to
// the other; the same suite the lab runs.
const suffix = suffixOf();
let east: KubeSite;
let west: KubeSite;
describeApplicationMigration('kubernetes, to a second API server', async () => {
  [east, west] = await Promise.all([startKubeSite('east', [widgetsOf(suffix)]), startKubeSite('west', [widgetsOf(suffix)])]);
  return {
    source: east.tandem,
    destination: west.tandem,
    deploy: (yaml) => deployAsAdmin(east, yaml, 'fast-east'),
    remove: async (ref) => {
      await east.admin.delete(ref);
    },
    sourceStorageClass: 'fast-east',
    destinationStorageClass: 'fast-west',
    suffix,
    cleanup: async () => {
      await Promise.all([east?.stop(), west?.stop()]);
    },
  };
});

describe('kubernetes adapter: what a real API server refuses, reported per resource', () => {
  let site: KubeSite;
  const runSuffix = suffixOf();
  const source = `shop-${runSuffix}`;
  const target = `shop-copy-${runSuffix}`;
  const migrate = (migration: string, storageClassMapping: Record<string, string>) =>
    migrateApplication(site.tandem, site.tandem, {
      selection: { namespaces: [source], includeResources: [{ kind: 'ConfigMap' }, { kind: 'Secret' }, { kind: 'PersistentVolumeClaim' }, { kind: 'Service' }, { kind: 'Deployment' }] },
      transform: { namespaceMapping: { [source]: target }, storageClassMapping },
      migration,
      startApplications: false,
    });

  beforeAll(async () => {
    // Custom resources are deliberately not allowed to Tandem on this site.
    site = await startKubeSite(`errors-${runSuffix}`);
    await deployAsAdmin(site, realisticAppYaml({ namespace: source, suffix: runSuffix, storageClassName: 'fast' }), 'fast');
  }, 180_000);
  afterAll(async () => {
    await site?.stop();
  });

  it('migrates into another namespace of the same cluster', async () => {
    const result = await migrate('copy-1', { fast: 'fast' });
    expect(result.report.resources.filter((resource) => resource.outcome === 'failed').map((resource) => resource.message)).toEqual([]);
    const deployment = await site.tandem.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: target, name: 'ledger' });
    expect((deployment?.spec as { replicas: number }).replicas).toBe(0);
  });

  it('reports an immutable field (claims moved to another StorageClass) for those claims only', async () => {
    const result = await migrate('copy-2', { fast: 'slow' });
    const failed = result.report.resources.filter((resource) => resource.outcome === 'failed');
    const claims = failed.filter((resource) => resource.ref.kind === 'PersistentVolumeClaim');
    expect(claims.map((resource) => [describeRef(resource.ref), resource.reason])).toEqual([
      [`PersistentVolumeClaim ${target}/data-ledger-db-0`, 'Immutable'],
      [`PersistentVolumeClaim ${target}/ledger-archive`, 'Immutable'],
    ]);
    expect(claims[0].message).toMatch(/immutable/i);
    expect(claims[0].message).toMatch(/delete the object on the destination/);
    // In the same cluster the volumes are the source's own: their class belongs to the administrator's manager.
    for (const other of failed.filter((resource) => resource.ref.kind !== 'PersistentVolumeClaim')) {
      expect([other.ref.kind, other.reason, other.message]).toEqual(['PersistentVolume', 'Conflict', expect.stringMatching(/conflict with "kubectl".*storageClassName/)]);
    }
    expect(result.report.resources.find((resource) => resource.ref.kind === 'ConfigMap')?.outcome).toBe('unchanged');
  });

  it('reports a field another manager changed on the destination as a Conflict naming that manager', async () => {
    await site.admin.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ledger-config', namespace: target }, data: { GREETING: 'changed-on-dr' } }, { fieldManager: 'ops-team', force: true });
    await site.admin.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ledger-config', namespace: source }, data: { GREETING: 'hello-again', 'settings.ini': '[ledger]\ncurrency = EUR\n' } }, { fieldManager: 'kubectl' });
    const result = await migrate('copy-3', { fast: 'fast' });
    const configMap = result.report.resources.find((resource) => describeRef(resource.ref) === `ConfigMap ${target}/ledger-config`);
    expect(configMap).toMatchObject({ outcome: 'failed', reason: 'Conflict' });
    expect(configMap?.message).toMatch(/ops-team/);
    expect(configMap?.message).toMatch(/GREETING/);
    const stored = await site.tandem.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: target, name: 'ledger-config' });
    expect((stored?.data as Record<string, string>).GREETING).toBe('changed-on-dr');
  });

  it("refuses what Tandem's ClusterRole does not allow as Forbidden, saying what to grant", async () => {
    const deleting = site.tandem.delete({ apiVersion: 'v1', kind: 'Namespace', name: target });
    await expect(deleting).rejects.toMatchObject({ reason: 'Forbidden' });
    await expect(deleting).rejects.toThrow(/cannot delete resource "namespaces"/);
    // A custom resource type no aggregated ClusterRole allows: the whole application is reported, that object failed.
    const result = await migrateApplication(site.tandem, site.tandem, {
      selection: { namespaces: [source] },
      transform: { namespaceMapping: { [source]: `${target}-full` } },
      migration: 'copy-full',
      startApplications: false,
    });
    const widget = result.report.resources.find((resource) => resource.ref.kind === 'Widget');
    expect(widget).toMatchObject({ outcome: 'failed', reason: 'Forbidden' });
    expect(widget?.message).toMatch(/ClusterRole/);
    expect(result.report.resources.find((resource) => resource.ref.kind === 'Deployment')?.outcome).toBe('created');
  });

  it('answers NotFound for a custom resource whose CRD is missing, naming the group', async () => {
    const error = await site.tandem
      .apply({ apiVersion: 'gadgets.example.org/v1', kind: 'Gadget', metadata: { name: 'g', namespace: target } }, { fieldManager: 'tandem' })
      .catch((caught: unknown) => caught);
    expect(isPlatformError(error, 'NotFound')).toBe(true);
    expect((error as Error).message).toMatch(/Gadget .*gadgets\.example\.org.*CustomResourceDefinition/);
  });
});
