import { Labels } from '../model/annotations';
import { apiVersionOf, refKey, refOf, type KubeObject, type ResourceType } from '../model/kube-object';
import { isPlatformError } from '../platform.errors';
import type { Platform } from '../platform.port';
import { sortForApply } from './apply-order';
import { objectsAt, stringAt } from '../model/json-value';
import { distinctTypes, isKind, KubeKinds, type GroupKind } from './kube-kinds';
import { neverMigratedType } from './never-migrated.table';
import { failedOutcome, type ResourceOutcome } from './resource-outcome';

export interface PurgeOptions {
  sourceSite: string;
  /** The destination namespaces the migration owns. */
  namespaces: readonly string[];
  /** `refKey` of every object of this migration: these stay. */
  keep: ReadonlySet<string>;
}

/**
 * Cluster-scoped kinds purge considers, each only when it is tied to the purge's namespaces: a PersistentVolume
 * whose claim is in one of them, a ClusterRoleBinding whose subjects are all ServiceAccounts in them. Other
 * cluster-scoped objects (Namespaces, StorageClasses, ClusterRoles, CRDs) may serve other applications migrated
 * from the same site, and deleting a CRD deletes every object of its type, so they are never purged.
 */
const PURGED_CLUSTER_KINDS: readonly GroupKind[] = [KubeKinds.persistentVolume, KubeKinds.clusterRoleBinding];

/**
 * Deletes what an earlier migration from `sourceSite` wrote and this one no longer has: objects labelled
 * `Labels.migratedFrom` = `sourceSite`, in the given namespaces (and the cluster-scoped ones above), that are not in
 * `keep`. Objects a controller owns, and the `default` ServiceAccount, are left alone. Deletes in reverse apply
 * order; a failure is reported for that object (or, named `*`, for a type that could not be listed).
 */
export async function purgeDeletedResources(platform: Platform, options: PurgeOptions): Promise<ResourceOutcome[]> {
  const labelSelector = { matchLabels: { [Labels.migratedFrom]: options.sourceSite } };
  const scope = new Set(options.namespaces);
  const types = distinctTypes(await platform.discover()).filter(
    (type) => type.verbs.includes('list') && type.verbs.includes('delete') && neverMigratedType(type) === undefined && (type.namespaced || PURGED_CLUSTER_KINDS.some((kind) => kind.group === type.group && kind.kind === type.kind)),
  );
  const outcomes: ResourceOutcome[] = [];
  const found: KubeObject[] = [];
  const listInto = async (type: ResourceType, namespace?: string): Promise<void> => {
    try {
      found.push(...(await platform.list(type, namespace === undefined ? { labelSelector } : { namespace, labelSelector })));
    } catch (error) {
      if (!isPlatformError(error)) throw error;
      outcomes.push(failedOutcome({ apiVersion: apiVersionOf(type), kind: type.kind, name: '*', ...(namespace === undefined ? {} : { namespace }) }, error));
    }
  };
  for (const type of types) {
    if (type.namespaced) for (const namespace of options.namespaces) await listInto(type, namespace);
    else await listInto(type);
  }

  const doomed = found.filter(
    (object) =>
      !options.keep.has(refKey(refOf(object))) &&
      !(object.metadata.ownerReferences ?? []).some((owner) => owner.controller === true) &&
      !(isKind(object, KubeKinds.serviceAccount) && object.metadata.name === 'default') &&
      (object.metadata.namespace !== undefined || tiedToScope(object, scope)),
  );
  for (const object of sortForApply(doomed).reverse()) {
    const ref = refOf(object);
    try {
      if (await platform.delete(ref)) outcomes.push({ ref, outcome: 'purged' });
    } catch (error) {
      if (!isPlatformError(error)) throw error;
      outcomes.push(failedOutcome(ref, error));
    }
  }
  return outcomes;
}

function tiedToScope(object: KubeObject, scope: ReadonlySet<string>): boolean {
  if (isKind(object, KubeKinds.persistentVolume)) {
    const namespace = stringAt(object, 'spec', 'claimRef', 'namespace');
    return namespace !== undefined && scope.has(namespace);
  }
  if (isKind(object, KubeKinds.clusterRoleBinding)) {
    const subjects = objectsAt(object, 'subjects');
    return subjects.length > 0 && subjects.every((subject) => subject['kind'] === 'ServiceAccount' && typeof subject['namespace'] === 'string' && scope.has(subject['namespace']));
  }
  return false;
}
