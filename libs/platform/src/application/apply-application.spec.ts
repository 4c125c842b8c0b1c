import { Annotations, INACTIVE_NODE_SELECTOR, Labels } from '../model/annotations';
import { describeRef, groupOf, refKey, refOf, type KubeObject, type ObjectRef, type ResourceType } from '../model/kube-object';
import { matchesSelector } from '../model/label-selector';
import { PlatformError } from '../platform.errors';
import type { ApplyOptions, ListOptions, Platform } from '../platform.port';
import { activateApplications, deactivateApplications } from './activate-applications';
import { applyApplication, type ApplyApplicationOptions } from './apply-application';
import { KubeKinds } from './kube-kinds';
import type { ResourceOutcome } from './resource-outcome';
import { build, customType, kubeObject, resourceType } from './testing/kube-objects.builder';

/**
 * Test double: a destination site held in memory. `apply` stores the object as sent (it does not merge fields by
 * manager as server-side apply does); a CRD's type is served once the CRD is stored and `discover()` has been
 * called `crdServedAfterPolls` more times. Errors can be planted per object. The lab and Kubernetes adapters run
 * apply and activation for real in their integration tests.
 */
class InMemorySiteDouble implements Platform {
  readonly adapter = 'lab';
  readonly site = 'destination';
  readonly writes: string[] = [];
  /** Whether each apply took fields over from other managers. */
  readonly forced: boolean[] = [];
  readonly failures = new Map<string, Error>();
  crdServedAfterPolls = 0;
  private readonly stored = new Map<string, KubeObject>();
  private readonly pendingCrds = new Map<string, { type: ResourceType; polls: number }>();
  private readonly types: ResourceType[];

  constructor(types: ResourceType[], objects: KubeObject[] = []) {
    this.types = [...types];
    for (const object of objects) this.stored.set(refKey(refOf(object)), structuredClone(object));
  }

  async discover(): Promise<ResourceType[]> {
    for (const [key, pending] of this.pendingCrds) {
      if (pending.polls-- > 0) continue;
      this.types.push(pending.type);
      this.pendingCrds.delete(key);
    }
    return [...this.types];
  }

  async list(type: ResourceType, options: ListOptions = {}): Promise<KubeObject[]> {
    return [...this.stored.values()]
      .filter((o) => groupOf(o.apiVersion) === type.group && o.kind === type.kind)
      .filter((o) => options.namespace === undefined || o.metadata.namespace === options.namespace)
      .filter((o) => matchesSelector(o.metadata.labels, options.labelSelector))
      .map((o) => structuredClone(o));
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    this.assertServed(ref);
    const found = this.stored.get(refKey(ref));
    return found === undefined ? undefined : structuredClone(found);
  }

  async apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const ref = refOf(object);
    this.assertServed(ref);
    const planted = this.failures.get(describeRef(ref));
    if (planted !== undefined) throw planted;
    this.forced.push(options.force === true);
    this.writes.push(`apply ${describeRef(ref)}`);
    const stored = structuredClone(object);
    stored.metadata.uid = `uid-${refKey(ref)}`;
    stored.metadata.resourceVersion = String(this.writes.length);
    this.stored.set(refKey(ref), stored);
    if (object.kind === 'CustomResourceDefinition') {
      const spec = object['spec'] as { group: string; names: { kind: string; plural: string } };
      this.pendingCrds.set(object.metadata.name, { type: customType(spec.group, spec.names.kind, spec.names.plural), polls: this.crdServedAfterPolls });
    }
    return structuredClone(stored);
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    this.writes.push(`delete ${describeRef(ref)}`);
    return this.stored.delete(refKey(ref));
  }

  stored_(kind: string, name: string, namespace?: string): KubeObject | undefined {
    return [...this.stored.values()].find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
  }

  scale(): never {
    throw new Error('not used');
  }
  workloadStatus(): never {
    throw new Error('not used');
  }
  exec(): never {
    throw new Error('not used');
  }
  volumesFor(): never {
    throw new Error('not used');
  }
  snapshotVolumes(): never {
    throw new Error('not used');
  }
  async close(): Promise<void> {}

  private assertServed(ref: ObjectRef): void {
    if (!this.types.some((type) => type.group === groupOf(ref.apiVersion) && type.kind === ref.kind)) {
      throw new PlatformError('NotFound', `the server could not find the requested resource (${ref.kind})`, { ref });
    }
  }
}

const TYPES: ResourceType[] = Object.values(KubeKinds).map((kind) => resourceType(kind));

const OPTIONS: ApplyApplicationOptions = { migration: 'nightly-1', sourceSite: 'east', startApplications: true, namespaces: ['shop'] };

/** The "shop" application as sanitised and transformed for the destination. */
function shop(): KubeObject[] {
  return [
    kubeObject('example.com/v1', 'Database', 'orders', { namespace: 'shop', spec: { size: 1 } }),
    build.deployment('shop', 'web', { replicas: 3 }),
    build.statefulSet('shop', 'db', { replicas: 2 }),
    build.cronJob('shop', 'report'),
    build.daemonSet('shop', 'agent', { template: { spec: { nodeSelector: { disk: 'ssd' }, containers: [] } } }),
    build.service('shop', 'web', { ports: [{ port: 80 }] }),
    build.pvc('shop', 'data'),
    build.configMap('shop', 'settings'),
    build.secret('shop', 'creds'),
    build.roleBinding('shop', 'app', { kind: 'Role', name: 'app' }, [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }]),
    build.role('shop', 'app'),
    build.serviceAccount('shop', 'app'),
    build.namespace('shop'),
    build.crd('example.com', 'databases', 'Database'),
  ].map(withoutUid);
}

function withoutUid(object: KubeObject): KubeObject {
  delete object.metadata.uid;
  return object;
}

const outcomes = (report: { resources: ResourceOutcome[] }): string[] => report.resources.map((r) => `${r.outcome} ${describeRef(r.ref)}${r.reason === undefined ? '' : ` ${r.reason}`}`);

describe('applyApplication', () => {
  it('creates every object in dependency order, CRDs first and custom resources once their type is served', async () => {
    const site = new InMemorySiteDouble(TYPES);
    site.crdServedAfterPolls = 2;
    const report = await applyApplication(site, shop(), OPTIONS);

    expect(site.writes).toEqual([
      'apply CustomResourceDefinition databases.example.com',
      'apply Namespace shop',
      'apply ServiceAccount shop/app',
      'apply Role shop/app',
      'apply RoleBinding shop/app',
      'apply ConfigMap shop/settings',
      'apply Secret shop/creds',
      'apply PersistentVolumeClaim shop/data',
      'apply Service shop/web',
      'apply Deployment shop/web',
      'apply StatefulSet shop/db',
      'apply DaemonSet shop/agent',
      'apply CronJob shop/report',
      'apply Database shop/orders',
    ]);
    expect(report.resources.every((r) => r.outcome === 'created')).toBe(true);
    expect(report.resources).toHaveLength(14);
  });

  it('takes fields over from other field managers only when forceConflicts says so', async () => {
    const polite = new InMemorySiteDouble(TYPES);
    await applyApplication(polite, shop(), OPTIONS);
    expect(polite.forced.length).toBeGreaterThan(0);
    expect(polite.forced.every((forced) => !forced)).toBe(true);
    const forceful = new InMemorySiteDouble(TYPES);
    await applyApplication(forceful, shop(), { ...OPTIONS, forceConflicts: true });
    expect(forceful.forced.every((forced) => forced)).toBe(true);
  });

  it('labels every object with the source site and annotates the migration and content hash', async () => {
    const site = new InMemorySiteDouble(TYPES);
    await applyApplication(site, shop(), OPTIONS);
    const settings = site.stored_('ConfigMap', 'settings', 'shop');
    expect(settings?.metadata.labels).toEqual({ [Labels.migratedFrom]: 'east' });
    expect(settings?.metadata.annotations).toEqual({ [Annotations.migration]: 'nightly-1', [Annotations.contentHash]: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('does not write objects whose destination copy has the same content hash, even in another migration', async () => {
    const site = new InMemorySiteDouble(TYPES);
    await applyApplication(site, shop(), OPTIONS);
    site.writes.length = 0;

    const changed = shop().map((object) => (object.kind === 'ConfigMap' ? { ...object, data: { key: 'new' } } : object));
    const report = await applyApplication(site, changed, { ...OPTIONS, migration: 'nightly-2' });

    expect(site.writes).toEqual(['apply ConfigMap shop/settings']);
    expect(outcomes(report).filter((line) => !line.startsWith('unchanged'))).toEqual(['updated ConfigMap shop/settings']);
    expect(site.stored_('ConfigMap', 'settings', 'shop')?.metadata.annotations?.[Annotations.migration]).toBe('nightly-2');
    expect(site.stored_('Deployment', 'web', 'shop')?.metadata.annotations?.[Annotations.migration]).toBe('nightly-1');
  });

  it('reports a refused object and goes on with the rest, including those that depend on it', async () => {
    const site = new InMemorySiteDouble(TYPES);
    site.failures.set('ServiceAccount shop/app', new PlatformError('Forbidden', 'serviceaccounts is forbidden: cannot create', { ref: { apiVersion: 'v1', kind: 'ServiceAccount', name: 'app', namespace: 'shop' } }));
    site.failures.set('Deployment shop/web', new PlatformError('Invalid', 'spec.template.spec.containers: Required value'));
    const report = await applyApplication(site, shop(), OPTIONS);

    const failed = report.resources.filter((r) => r.outcome === 'failed');
    expect(failed).toEqual([
      { ref: { apiVersion: 'v1', kind: 'ServiceAccount', name: 'app', namespace: 'shop' }, outcome: 'failed', reason: 'Forbidden', message: 'ServiceAccount shop/app: serviceaccounts is forbidden: cannot create' },
      { ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, outcome: 'failed', reason: 'Invalid', message: 'spec.template.spec.containers: Required value' },
    ]);
    expect(site.stored_('RoleBinding', 'app', 'shop')).toBeDefined();
    expect(site.stored_('StatefulSet', 'db', 'shop')).toBeDefined();
    expect(report.resources.filter((r) => r.outcome === 'created')).toHaveLength(12);
  });

  it('throws what is not a PlatformError: a fault of Tandem, not of one object', async () => {
    const site = new InMemorySiteDouble(TYPES);
    site.failures.set('ConfigMap shop/settings', new TypeError('boom'));
    await expect(applyApplication(site, shop(), OPTIONS)).rejects.toThrow('boom');
  });

  it('fails the custom resources of a CRD the site does not serve in time, and only those', async () => {
    const site = new InMemorySiteDouble(TYPES);
    site.crdServedAfterPolls = 1_000;
    const report = await applyApplication(site, shop(), { ...OPTIONS, crdEstablishedTimeoutMs: 30 });
    const failed = report.resources.filter((r) => r.outcome === 'failed');
    expect(failed).toEqual([
      {
        ref: { apiVersion: 'example.com/v1', kind: 'Database', name: 'orders', namespace: 'shop' },
        outcome: 'failed',
        reason: 'Timeout',
        message: 'Database shop/orders: the site did not serve Database.example.com within 30 ms of applying its CustomResourceDefinition; check that the CRD is established, then migrate again',
      },
    ]);
    expect(report.resources.filter((r) => r.outcome === 'created')).toHaveLength(13);
  });

  it('reports a custom resource whose type the destination does not have as NotFound', async () => {
    const site = new InMemorySiteDouble(TYPES);
    const report = await applyApplication(site, shop().filter((o) => o.kind !== 'CustomResourceDefinition'), OPTIONS);
    expect(outcomes(report)).toContain('failed Database shop/orders NotFound');
  });

  it('refuses options it cannot label objects with', async () => {
    const site = new InMemorySiteDouble(TYPES);
    await expect(applyApplication(site, shop(), { ...OPTIONS, sourceSite: 'east site', migration: '' })).rejects.toThrow(
      'cannot apply the application: migration is empty; name the migration; sourceSite "east site" cannot be a label value',
    );
    expect(site.writes).toEqual([]);
  });
});

describe('applyApplication with startApplications false, then activation', () => {
  it('stores workloads inactive with their originals recorded', async () => {
    const site = new InMemorySiteDouble(TYPES);
    await applyApplication(site, shop(), { ...OPTIONS, startApplications: false });

    expect(site.stored_('Deployment', 'web', 'shop')).toMatchObject({ spec: { replicas: 0 }, metadata: { annotations: { [Annotations.replicas]: '3' } } });
    expect(site.stored_('StatefulSet', 'db', 'shop')).toMatchObject({ spec: { replicas: 0 }, metadata: { annotations: { [Annotations.replicas]: '2' } } });
    expect(site.stored_('CronJob', 'report', 'shop')).toMatchObject({ spec: { suspend: true }, metadata: { annotations: { [Annotations.cronJobSuspend]: 'false' } } });
    expect(site.stored_('DaemonSet', 'agent', 'shop')).toMatchObject({
      spec: { template: { spec: { nodeSelector: INACTIVE_NODE_SELECTOR } } },
      metadata: { annotations: { [Annotations.daemonSetNodeSelector]: '{"disk":"ssd"}' } },
    });
  });

  it('activation gives the originals back, removes the records and the hash, so the next migration writes again', async () => {
    const site = new InMemorySiteDouble(TYPES);
    await applyApplication(site, shop(), { ...OPTIONS, startApplications: false });

    const report = await activateApplications(site, 'shop');
    expect(outcomes(report)).toEqual(['updated Deployment shop/web', 'updated StatefulSet shop/db', 'updated DaemonSet shop/agent', 'updated CronJob shop/report']);
    const web = site.stored_('Deployment', 'web', 'shop');
    expect(web?.['spec']).toMatchObject({ replicas: 3 });
    expect(web?.metadata.annotations).toEqual({ [Annotations.migration]: 'nightly-1' });
    expect(site.stored_('DaemonSet', 'agent', 'shop')?.['spec']).toMatchObject({ template: { spec: { nodeSelector: { disk: 'ssd' } } } });
    expect(site.stored_('CronJob', 'report', 'shop')?.['spec']).toMatchObject({ suspend: false });
    expect(site.stored_('Deployment', 'web', 'shop')?.metadata.uid).toBeDefined();

    site.writes.length = 0;
    const again = await applyApplication(site, shop(), { ...OPTIONS, startApplications: false, migration: 'nightly-2' });
    expect(outcomes(again).filter((line) => line.startsWith('updated'))).toEqual(['updated Deployment shop/web', 'updated StatefulSet shop/db', 'updated DaemonSet shop/agent', 'updated CronJob shop/report']);
  });

  it('activating what is already active changes nothing', async () => {
    const site = new InMemorySiteDouble(TYPES);
    await applyApplication(site, shop(), OPTIONS);
    site.writes.length = 0;
    const report = await activateApplications(site, 'shop');
    expect(report.resources.every((r) => r.outcome === 'unchanged')).toBe(true);
    expect(site.writes).toEqual([]);
  });

  it('deactivation records what runs now, and deactivating again keeps that record', async () => {
    const site = new InMemorySiteDouble(TYPES);
    await applyApplication(site, shop(), OPTIONS);
    await deactivateApplications(site, 'shop', { selector: {} });
    expect(site.stored_('Deployment', 'web', 'shop')).toMatchObject({ spec: { replicas: 0 }, metadata: { annotations: { [Annotations.replicas]: '3' } } });
    expect(site.stored_('Deployment', 'web', 'shop')?.metadata.annotations?.[Annotations.contentHash]).toBeUndefined();

    const second = await deactivateApplications(site, 'shop');
    expect(second.resources.every((r) => r.outcome === 'unchanged')).toBe(true);
    await activateApplications(site, 'shop');
    expect(site.stored_('Deployment', 'web', 'shop')?.['spec']).toMatchObject({ replicas: 3 });
  });

  it('activates only the workloads the selector matches, and reports one it cannot read without stopping', async () => {
    const broken = build.deployment('shop', 'broken', { replicas: 0 }, { labels: { app: 'shop' }, annotations: { [Annotations.replicas]: 'many' } });
    const other = build.deployment('shop', 'other', { replicas: 0 }, { labels: { app: 'other' }, annotations: { [Annotations.replicas]: '2' } });
    const good = build.deployment('shop', 'good', { replicas: 0 }, { labels: { app: 'shop' }, annotations: { [Annotations.replicas]: '2' } });
    const site = new InMemorySiteDouble(TYPES, [broken, other, good]);

    const report = await activateApplications(site, 'shop', { selector: { matchLabels: { app: 'shop' } } });
    expect(outcomes(report)).toEqual(['failed Deployment shop/broken Invalid', 'updated Deployment shop/good']);
    expect(site.stored_('Deployment', 'other', 'shop')?.['spec']).toMatchObject({ replicas: 0 });
  });
});

describe('applyApplication with purgeDeletedResources', () => {
  it('deletes what an earlier migration from the same site wrote and this one no longer has, and nothing else', async () => {
    const extra = [
      build.configMap('shop', 'old-settings'),
      build.deployment('shop', 'old-web'),
      build.clusterRoleBinding('shop-old', 'shop-role', [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }]),
      build.clusterRoleBinding('shared', 'shop-role', [{ kind: 'ServiceAccount', name: 'app', namespace: 'shop' }, { kind: 'ServiceAccount', name: 'app', namespace: 'elsewhere' }]),
      build.clusterRole('shop-role'),
      build.namespace('elsewhere'),
      build.configMap('elsewhere', 'settings'),
    ].map(withoutUid);
    const site = new InMemorySiteDouble(TYPES, [
      build.configMap('shop', 'local', { labels: { [Labels.migratedFrom]: 'west' } }),
      build.configMap('shop', 'handmade'),
      build.serviceAccount('shop', 'default', { labels: { [Labels.migratedFrom]: 'east' } }),
    ]);
    await applyApplication(site, [...shop(), ...extra], OPTIONS);
    site.writes.length = 0;

    const report = await applyApplication(site, shop(), { ...OPTIONS, migration: 'nightly-2', purgeDeletedResources: true });

    expect(outcomes(report).filter((line) => line.startsWith('purged'))).toEqual(['purged Deployment shop/old-web', 'purged ConfigMap shop/old-settings', 'purged ClusterRoleBinding shop-old']);
    expect(site.writes).toEqual(['delete Deployment shop/old-web', 'delete ConfigMap shop/old-settings', 'delete ClusterRoleBinding shop-old']);
    for (const [kind, name, namespace] of [
      ['ConfigMap', 'local', 'shop'],
      ['ConfigMap', 'handmade', 'shop'],
      ['ServiceAccount', 'default', 'shop'],
      ['ConfigMap', 'settings', 'elsewhere'],
      ['Namespace', 'elsewhere', undefined],
      ['ClusterRole', 'shop-role', undefined],
      ['ClusterRoleBinding', 'shared', undefined],
    ] as const) {
      expect(site.stored_(kind, name, namespace)).toBeDefined();
    }
  });
});
