import { NotFoundError } from '@tandem/contracts';
import { describeRef, groupOf, refKey, refOf, type KubeObject, type ObjectRef, type ResourceType } from '../model/kube-object';
import { matchesSelector } from '../model/label-selector';
import { PlatformError } from '../platform.errors';
import type { ListOptions, Platform } from '../platform.port';
import { collectApplication } from './collect-application';
import { KubeKinds } from './kube-kinds';
import { build, customType, kubeObject, resourceType } from './testing/kube-objects.builder';

/**
 * Test double: a source site that only answers reads (discover, list, get) from a fixed set of objects, and
 * records what was listed. It is not a Platform adapter; the lab and Kubernetes adapters run collect in their
 * integration tests.
 */
class ReadOnlySiteDouble implements Platform {
  readonly adapter = 'lab';
  readonly site = 'source';
  readonly listed: string[] = [];

  constructor(
    private readonly types: ResourceType[],
    private readonly objects: KubeObject[],
  ) {}

  async discover(): Promise<ResourceType[]> {
    return this.types;
  }

  async list(type: ResourceType, options: ListOptions = {}): Promise<KubeObject[]> {
    this.listed.push(`${type.kind}@${options.namespace ?? '*'}`);
    return this.objects
      .filter((o) => groupOf(o.apiVersion) === type.group && o.kind === type.kind)
      .filter((o) => options.namespace === undefined || o.metadata.namespace === options.namespace)
      .filter((o) => matchesSelector(o.metadata.labels, options.labelSelector))
      .map((o) => structuredClone(o));
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    if (!this.types.some((type) => type.group === groupOf(ref.apiVersion) && type.kind === ref.kind)) throw new PlatformError('NotFound', 'type not served', { ref });
    const found = this.objects.find((o) => refKey(refOf(o)) === refKey(ref));
    return found === undefined ? undefined : structuredClone(found);
  }

  apply(): never {
    throw new Error('collect does not write');
  }
  delete(): never {
    throw new Error('collect does not write');
  }
  scale(): never {
    throw new Error('collect does not write');
  }
  workloadStatus(): never {
    throw new Error('not used by collect');
  }
  exec(): never {
    throw new Error('not used by collect');
  }
  volumesFor(): never {
    throw new Error('not used by collect');
  }
  snapshotVolumes(): never {
    throw new Error('not used by collect');
  }
  async close(): Promise<void> {}
}

const TYPES: ResourceType[] = [
  ...Object.values(KubeKinds).map((kind) => resourceType(kind)),
  resourceType({ group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true }),
  resourceType({ group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true }),
  resourceType({ group: '', version: 'v1', kind: 'Binding', plural: 'bindings', namespaced: true }, ['create']),
  resourceType({ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true }),
  customType('example.com', 'Database', 'databases'),
];

/** A source site running the "shop" application, with everything collect has to include or leave out. */
function shopSite(): KubeObject[] {
  const web = build.deployment('shop', 'web', {}, { labels: { app: 'shop' } });
  const webReplicas = build.replicaSet('shop', 'web-1', { owners: [web], labels: { app: 'shop' } });
  const webPod = build.pod('shop', 'web-1-abcde', { owners: [webReplicas], labels: { app: 'shop' } });
  const db = build.statefulSet('shop', 'db', { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'standard' } }] }, { labels: { app: 'shop' } });
  const dbPod = build.pod('shop', 'db-0', { owners: [db], labels: { app: 'shop' } });
  const report = build.cronJob('shop', 'report', {}, { labels: { app: 'shop' } });
  const reportJob = build.job('shop', 'report-28000', {}, { owners: [report], labels: { app: 'shop' } });
  return [
    build.namespace('shop', { labels: { team: 'payments' } }),
    build.namespace('checkout', { labels: { team: 'payments' } }),
    build.namespace('kube-system'),
    web,
    webReplicas,
    webPod,
    db,
    dbPod,
    report,
    reportJob,
    build.pod('shop', 'report-28000-xyz', { owners: [reportJob], labels: { app: 'shop' } }),
    kubeObject('apps/v1', 'ControllerRevision', 'db-123', { namespace: 'shop', owners: [db] }),
    kubeObject('v1', 'Event', 'web.1', { namespace: 'shop' }),
    build.pod('shop', 'debug', { labels: { app: 'shop' } }),
    build.pvc('shop', 'data-db-0', { volumeName: 'pv-db', storageClassName: 'fast' }, { labels: { app: 'shop' } }),
    build.pvc('shop', 'web-1-abcde-scratch', { storageClassName: 'fast' }, { owners: [webPod], labels: { app: 'shop' } }),
    build.configMap('shop', 'settings', { labels: { app: 'shop' } }),
    build.configMap('shop', 'kube-root-ca.crt'),
    build.serviceAccount('shop', 'app', { labels: { app: 'shop' } }),
    build.roleBinding('shop', 'app-reads', { kind: 'ClusterRole', name: 'shop-reader' }, [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }]),
    kubeObject('example.com/v1', 'Database', 'orders', { namespace: 'shop', labels: { app: 'shop' }, spec: { size: 1 } }),
    build.configMap('checkout', 'settings'),
    build.configMap('kube-system', 'coredns'),
    build.pv('pv-db', { storageClassName: 'fast', claimRef: { namespace: 'shop', name: 'data-db-0' } }),
    build.pv('pv-unrelated', { storageClassName: 'slow' }),
    build.storageClass('fast'),
    build.storageClass('standard'),
    build.storageClass('slow'),
    build.clusterRoleBinding('shop-app', 'shop-operator', [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }]),
    build.clusterRoleBinding('shop-app-admin', 'cluster-admin', [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }]),
    build.clusterRoleBinding('someone-else', 'shop-operator', [{ kind: 'ServiceAccount', name: 'app', namespace: 'checkout' }]),
    build.clusterRole('shop-operator'),
    build.clusterRole('shop-reader'),
    build.clusterRole('cluster-admin', { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }),
    build.crd('example.com', 'databases', 'Database'),
    build.crd('example.com', 'caches', 'Cache'),
  ];
}

const names = (objects: KubeObject[]): string[] => objects.map((object) => describeRef(refOf(object)));

describe('collectApplication', () => {
  it('collects the application and the cluster-scoped objects it needs, and says why it left each other object out', async () => {
    const site = new ReadOnlySiteDouble(TYPES, shopSite());
    const collected = await collectApplication(site, { namespaces: ['shop'] });

    expect(collected.namespaces).toEqual(['shop']);
    expect(names(collected.objects)).toEqual([
      'ConfigMap shop/settings',
      'Namespace shop',
      'PersistentVolume pv-db',
      'PersistentVolumeClaim shop/data-db-0',
      'ServiceAccount shop/app',
      'CustomResourceDefinition databases.example.com',
      'Deployment shop/web',
      'StatefulSet shop/db',
      'CronJob shop/report',
      'Database shop/orders',
      'ClusterRole shop-operator',
      'ClusterRole shop-reader',
      'ClusterRoleBinding shop-app',
      'ClusterRoleBinding shop-app-admin',
      'RoleBinding shop/app-reads',
      'StorageClass fast',
      'StorageClass standard',
    ]);
    expect(collected.skipped.map((entry) => `${describeRef(entry.ref)}: ${entry.reason}`)).toEqual([
      'ConfigMap shop/kube-root-ca.crt: written by the site\'s root CA publisher into every namespace; the destination writes its own',
      'PersistentVolumeClaim shop/web-1-abcde-scratch: derived from Deployment shop/web (through Pod shop/web-1-abcde): its controller makes it again on the destination',
      'Pod shop/db-0: derived from StatefulSet shop/db: its controller makes it again on the destination',
      expect.stringMatching(/^Pod shop\/debug: Pods are created by their workloads on the destination; a Pod that no workload owns/),
      'Pod shop/report-28000-xyz: derived from CronJob shop/report (through Job shop/report-28000): its controller makes it again on the destination',
      'Pod shop/web-1-abcde: derived from Deployment shop/web (through ReplicaSet shop/web-1): its controller makes it again on the destination',
      'ReplicaSet shop/web-1: derived from Deployment shop/web: its controller makes it again on the destination',
      'Job shop/report-28000: derived from CronJob shop/report: its controller makes it again on the destination',
      'ClusterRole cluster-admin: a role Kubernetes creates itself; every site has its own',
    ]);
  });

  it('never reads the types that are never migrated, nor types without the list verb', async () => {
    const site = new ReadOnlySiteDouble(TYPES, shopSite());
    await collectApplication(site, { namespaces: ['shop'] });
    expect(site.listed.filter((entry) => /^(Event|ControllerRevision|Binding)@/.test(entry))).toEqual([]);
    expect(site.listed).toContain('Pod@shop');
    expect(site.listed.filter((entry) => entry.endsWith('@checkout'))).toEqual([]);
  });

  it('narrows objects by selectors and excludeSelectors, still following ownership', async () => {
    const objects = shopSite();
    const site = new ReadOnlySiteDouble(TYPES, objects);
    (objects.find((o) => o.kind === 'CronJob') as KubeObject).metadata.labels = { app: 'shop', tier: 'batch' };
    const collected = await collectApplication(site, {
      namespaces: ['shop'],
      selectors: { matchLabels: { app: 'shop' } },
      excludeSelectors: { matchLabels: { tier: 'batch' } },
    });
    const kept = names(collected.objects);
    expect(kept).not.toContain('CronJob shop/report');
    expect(kept).not.toContain('RoleBinding shop/app-reads');
    expect(kept).not.toContain('ClusterRole shop-reader');
    expect(kept).toContain('Deployment shop/web');
    const reasons = new Map(collected.skipped.map((entry) => [describeRef(entry.ref), entry.reason]));
    expect(reasons.get('CronJob shop/report')).toBe('its labels match excludeSelectors');
    expect(reasons.get('RoleBinding shop/app-reads')).toBe('its labels do not match selectors');
    expect(reasons.get('Job shop/report-28000')).toBe('derived from CronJob shop/report: its controller makes it again on the destination');
  });

  it('collects only what includeResources names (with what it needs), when given', async () => {
    const site = new ReadOnlySiteDouble(TYPES, shopSite());
    const collected = await collectApplication(site, {
      namespaces: ['shop'],
      includeResources: [{ kind: 'PersistentVolumeClaim', name: 'data-db-0' }, { group: 'example.com', kind: 'Database' }],
    });
    expect(names(collected.objects)).toEqual([
      'Namespace shop',
      'PersistentVolume pv-db',
      'PersistentVolumeClaim shop/data-db-0',
      'CustomResourceDefinition databases.example.com',
      'Database shop/orders',
      'StorageClass fast',
    ]);
  });

  it('leaves out dynamically provisioned volumes (they point at the source storage) and keeps statically provisioned ones', async () => {
    const objects = shopSite();
    objects.push(
      build.pvc('shop', 'uploads', { volumeName: 'pvc-1234', storageClassName: 'fast' }, { labels: { app: 'shop' } }),
      build.pv('pvc-1234', { storageClassName: 'fast', claimRef: { namespace: 'shop', name: 'uploads' }, hostPath: { path: '/source/volumes/pvc-1234' } }, { annotations: { 'pv.kubernetes.io/provisioned-by': 'lab.tandem.dev/local' } }),
    );
    const collected = await collectApplication(new ReadOnlySiteDouble(TYPES, objects), { namespaces: ['shop'] });
    const kept = names(collected.objects);
    expect(kept).toContain('PersistentVolumeClaim shop/uploads');
    expect(kept).toContain('PersistentVolume pv-db');
    expect(kept).not.toContain('PersistentVolume pvc-1234');
    expect(kept).toContain('StorageClass fast');
    expect(collected.skipped.map((entry) => `${describeRef(entry.ref)}: ${entry.reason}`)).toContain(
      "PersistentVolume pvc-1234: provisioned by lab.tandem.dev/local for the source's storage; the destination provisions a volume of its own for the claim, and the data arrives by replication",
    );
  });

  it('adds the namespaces whose labels match namespaceSelector to those named', async () => {
    const site = new ReadOnlySiteDouble(TYPES, shopSite());
    const collected = await collectApplication(site, { namespaces: [], namespaceSelector: { matchLabels: { team: 'payments' } } });
    expect(collected.namespaces).toEqual(['checkout', 'shop']);
    expect(names(collected.objects)).toContain('ConfigMap checkout/settings');
    expect(names(collected.objects)).not.toContain('ConfigMap kube-system/coredns');
  });

  it('keeps claims a StatefulSet owns (persistentVolumeClaimRetentionPolicy), because their data is the point', async () => {
    const objects = shopSite();
    const db = objects.find((o) => o.kind === 'StatefulSet') as KubeObject;
    objects.push(build.pvc('shop', 'data-db-1', { storageClassName: 'fast' }, { owners: [db] }));
    const collected = await collectApplication(new ReadOnlySiteDouble(TYPES, objects), { namespaces: ['shop'] });
    expect(names(collected.objects)).toContain('PersistentVolumeClaim shop/data-db-1');
  });

  it('gives the same result whatever order the site lists objects in', async () => {
    const forward = await collectApplication(new ReadOnlySiteDouble(TYPES, shopSite()), { namespaces: ['shop'] });
    const backward = await collectApplication(new ReadOnlySiteDouble([...TYPES].reverse(), shopSite().reverse()), { namespaces: ['shop'] });
    expect(backward).toEqual(forward);
  });

  it('refuses a selection naming a namespace the site does not have, and one naming none', async () => {
    const site = new ReadOnlySiteDouble(TYPES, shopSite());
    const missing = collectApplication(site, { namespaces: ['shop', 'gone'] });
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(missing).rejects.toThrow('namespace "gone" does not exist on site source; create it there or take it out of the selection');
    await expect(collectApplication(site, { namespaces: [] })).rejects.toThrow('the selection names no namespace');
  });

  it('returns objects as read', async () => {
    const objects = shopSite();
    const collected = await collectApplication(new ReadOnlySiteDouble(TYPES, objects), { namespaces: ['shop'] });
    const web = collected.objects.find((o) => o.kind === 'Deployment');
    expect(web).toEqual(objects.find((o) => o.kind === 'Deployment'));
  });
});
