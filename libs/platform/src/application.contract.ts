import { parseAllDocuments } from 'yaml';
import { migrateApplication, activateApplications, deactivateApplications, type MigrationResult } from './application';
import { realisticAppYaml } from './fixtures/realistic-app.fixture';
import { Annotations, INACTIVE_NODE_SELECTOR, Labels } from './model/annotations';
import { describeRef, refOf, type KubeObject, type ObjectRef } from './model/kube-object';
import type { Platform } from './platform.port';

/** Two sites (or one site twice) with what the realistic application needs on each. */
export interface MigrationSubject {
  source: Platform;
  destination: Platform;
  /** Deploys YAML on the source as its owner would (kubectl, the lab CLI), not as Tandem; waits until claims bind. */
  deploy(yaml: string): Promise<void>;
  /** Deletes an object on the source as its owner would. */
  remove(ref: ObjectRef): Promise<void>;
  sourceStorageClass: string;
  destinationStorageClass: string;
  /** A suffix unique to this run, for cluster-scoped names. */
  suffix: string;
  cleanup(): Promise<void>;
}

const WAIT_MS = 60_000;

/**
 * The application half of a migration, end to end on real sites: the realistic application (every kind an
 * application brings) collected on one site and applied to another comes out as the sanitise table says; applying
 * it again changes nothing; namespace and StorageClass mapping; activation and deactivation; purge. Run by the
 * lab's and the Kubernetes adapter's integration tests, so that both give the same result.
 */
export function describeApplicationMigration(name: string, setup: () => Promise<MigrationSubject>): void {
  describe(`${name} (application migration)`, () => {
    let subject: MigrationSubject;
    let sourceNs: string;
    let destinationNs: string;
    let first: MigrationResult;

    const migrate = (migration: string, extra: { purgeDeletedResources?: boolean } = {}) =>
      migrateApplication(subject.source, subject.destination, {
        selection: { namespaces: [sourceNs] },
        transform: { namespaceMapping: { [sourceNs]: destinationNs }, storageClassMapping: { [subject.sourceStorageClass]: subject.destinationStorageClass } },
        migration,
        startApplications: false,
        ...extra,
      });
    const onDestination = async (kind: string, apiVersion: string, objectName: string): Promise<KubeObject> => {
      const found = await subject.destination.get({ apiVersion, kind, namespace: destinationNs, name: objectName });
      if (found === undefined) throw new Error(`${kind} ${destinationNs}/${objectName} is not on the destination`);
      return found;
    };

    beforeAll(async () => {
      subject = await setup();
      sourceNs = `ledger-${subject.suffix}`;
      destinationNs = `ledger-dr-${subject.suffix}`;
      await subject.deploy(realisticAppYaml({ namespace: sourceNs, suffix: subject.suffix, storageClassName: subject.sourceStorageClass }));
      first = await migrate('ledger-interval-20261126T000000Z');
    }, 180_000);
    afterAll(async () => {
      await subject?.cleanup();
    });

    it('applies every object of the application to the destination, none refused', () => {
      const failed = first.report.resources.filter((resource) => resource.outcome === 'failed');
      expect(failed.map((resource) => `${describeRef(resource.ref)}: ${resource.message}`)).toEqual([]);
      const written = first.report.resources.map((resource) => describeRef(resource.ref));
      for (const expected of [
        `Namespace ${destinationNs}`,
        `ServiceAccount ${destinationNs}/ledger`,
        `Role ${destinationNs}/ledger-reader`,
        `RoleBinding ${destinationNs}/ledger-reader`,
        `ClusterRole ledger-nodes-${subject.suffix}`,
        `ClusterRoleBinding ledger-nodes-${subject.suffix}`,
        `ConfigMap ${destinationNs}/ledger-config`,
        `Secret ${destinationNs}/ledger-credentials`,
        `PersistentVolumeClaim ${destinationNs}/ledger-archive`,
        `PersistentVolumeClaim ${destinationNs}/data-ledger-db-0`,
        `Service ${destinationNs}/ledger`,
        `Service ${destinationNs}/ledger-db`,
        `Deployment ${destinationNs}/ledger`,
        `StatefulSet ${destinationNs}/ledger-db`,
        `DaemonSet ${destinationNs}/ledger-agent`,
        `CronJob ${destinationNs}/ledger-report`,
        `CustomResourceDefinition widgets.widgets-${subject.suffix}.example.com`,
        `Widget ${destinationNs}/blue-widget`,
      ]) {
        expect(written).toContain(expected);
      }
      expect(written).not.toContain(`Secret ${destinationNs}/ledger-token`);
      expect(first.skipped.map((skipped) => describeRef(skipped.ref))).toContain(`Secret ${sourceNs}/ledger-token`);
    });

    it('sanitises as the table says: no server fields, status, cluster IPs, node ports, claim refs or bound volumes', () => {
      for (const object of first.objects) {
        for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'ownerReferences', 'generation']) {
          expect({ object: describeRef(refOf(object)), field, present: field in object.metadata }).toEqual({ object: describeRef(refOf(object)), field, present: false });
        }
        expect({ object: describeRef(refOf(object)), status: object.status }).toEqual({ object: describeRef(refOf(object)), status: undefined });
      }
      const find = (kind: string, objectName: string) => first.objects.find((object) => object.kind === kind && object.metadata.name === objectName) as KubeObject & { spec: Record<string, unknown> };
      expect(find('Service', 'ledger').spec.clusterIP).toBeUndefined();
      expect(find('Service', 'ledger').spec.clusterIPs).toBeUndefined();
      expect(find('Service', 'ledger-db').spec.clusterIP).toBe('None');
      expect((find('Service', 'ledger-nodeport').spec.ports as { nodePort?: number }[])[0].nodePort).toBeUndefined();
      expect(find('PersistentVolumeClaim', 'ledger-archive').spec.volumeName).toBeUndefined();
      expect(find('PersistentVolumeClaim', 'ledger-archive').spec.storageClassName).toBe(subject.destinationStorageClass);
      const volumes = first.objects.filter((object) => object.kind === 'PersistentVolume');
      for (const volume of volumes) expect((volume.spec as { claimRef?: unknown }).claimRef).toBeUndefined();
    });

    it('maps the namespace and the StorageClass, and keeps the workloads stopped with their originals recorded', async () => {
      const deployment = await onDestination('Deployment', 'apps/v1', 'ledger');
      expect((deployment.spec as { replicas: number }).replicas).toBe(0);
      expect(deployment.metadata.annotations?.[Annotations.replicas]).toBe('2');
      expect(deployment.metadata.labels?.[Labels.migratedFrom]).toBe(subject.source.site);
      expect(deployment.metadata.annotations?.[Annotations.migration]).toBe('ledger-interval-20261126T000000Z');

      const statefulSet = await onDestination('StatefulSet', 'apps/v1', 'ledger-db');
      const spec = statefulSet.spec as { replicas: number; volumeClaimTemplates: { spec: { storageClassName: string } }[] };
      expect(spec.replicas).toBe(0);
      expect(statefulSet.metadata.annotations?.[Annotations.replicas]).toBe('1');
      expect(spec.volumeClaimTemplates[0].spec.storageClassName).toBe(subject.destinationStorageClass);

      const cronJob = await onDestination('CronJob', 'batch/v1', 'ledger-report');
      expect((cronJob.spec as { suspend: boolean }).suspend).toBe(true);
      const daemonSet = await onDestination('DaemonSet', 'apps/v1', 'ledger-agent');
      expect((daemonSet.spec as { template: { spec: { nodeSelector: unknown } } }).template.spec.nodeSelector).toEqual(INACTIVE_NODE_SELECTOR);

      const binding = await onDestination('RoleBinding', 'rbac.authorization.k8s.io/v1', 'ledger-reader');
      expect((binding as { subjects?: { namespace: string }[] }).subjects?.[0].namespace).toBe(destinationNs);
      const secret = await onDestination('Secret', 'v1', 'ledger-credentials');
      expect(Buffer.from((secret.data as Record<string, string>).password, 'base64').toString()).toBe('not-a-real-password');
      const widget = await onDestination('Widget', `widgets-${subject.suffix}.example.com/v1`, 'blue-widget');
      expect(widget.spec).toEqual({ size: 3, colour: 'blue' });
      // The destination's own default ServiceAccount is merged into, not replaced.
      expect(await subject.destination.get({ apiVersion: 'v1', kind: 'ServiceAccount', namespace: destinationNs, name: 'default' })).toBeDefined();
    });

    it('changes nothing when the same application is applied again', async () => {
      const before = await onDestination('Deployment', 'apps/v1', 'ledger');
      const again = await migrate('ledger-interval-20261126T000100Z');
      const notUnchanged = again.report.resources.filter((resource) => resource.outcome !== 'unchanged');
      expect(notUnchanged.map((resource) => `${resource.outcome} ${describeRef(resource.ref)} ${resource.message ?? ''}`)).toEqual([]);
      const after = await onDestination('Deployment', 'apps/v1', 'ledger');
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    });

    it('activates the application with its recorded values, and deactivates it again', async () => {
      const activated = await activateApplications(subject.destination, destinationNs);
      expect(activated.resources.filter((resource) => resource.outcome === 'failed')).toEqual([]);
      expect(((await onDestination('Deployment', 'apps/v1', 'ledger')).spec as { replicas: number }).replicas).toBe(2);
      expect(((await onDestination('StatefulSet', 'apps/v1', 'ledger-db')).spec as { replicas: number }).replicas).toBe(1);
      expect(((await onDestination('CronJob', 'batch/v1', 'ledger-report')).spec as { suspend?: boolean }).suspend ?? false).toBe(false);
      const daemonSet = await onDestination('DaemonSet', 'apps/v1', 'ledger-agent');
      expect((daemonSet.spec as { template: { spec: { nodeSelector?: unknown } } }).template.spec.nodeSelector).toBeUndefined();

      const deactivated = await deactivateApplications(subject.destination, destinationNs);
      expect(deactivated.resources.filter((resource) => resource.outcome === 'failed')).toEqual([]);
      const deployment = await onDestination('Deployment', 'apps/v1', 'ledger');
      expect((deployment.spec as { replicas: number }).replicas).toBe(0);
      expect(deployment.metadata.annotations?.[Annotations.replicas]).toBe('2');
      expect(((await onDestination('CronJob', 'batch/v1', 'ledger-report')).spec as { suspend: boolean }).suspend).toBe(true);
    });

    it('purges what was migrated before and is gone at the source, and nothing else', async () => {
      await subject.remove({ apiVersion: 'v1', kind: 'ConfigMap', namespace: sourceNs, name: 'ledger-config' });
      const untouched = { apiVersion: 'v1', kind: 'ConfigMap', namespace: destinationNs, name: 'local-only' };
      await subject.destination.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: untouched.name, namespace: destinationNs }, data: { mine: 'yes' } }, { fieldManager: 'dr-site-admin' });
      const purging = await migrate('ledger-interval-20261126T000200Z', { purgeDeletedResources: true });
      const purged = purging.report.resources.filter((resource) => resource.outcome === 'purged').map((resource) => describeRef(resource.ref));
      expect(purged).toEqual([`ConfigMap ${destinationNs}/ledger-config`]);
      await waitUntil(async () => (await subject.destination.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: destinationNs, name: 'ledger-config' })) === undefined);
      expect(await subject.destination.get(untouched)).toBeDefined();
    });
  });
}

/** The documents of a multi-document YAML string, as objects (empty documents dropped). */
export function yamlDocuments(yaml: string): KubeObject[] {
  return parseAllDocuments(yaml)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
