import { groupOf, refOf, type KubeObject, type ResourceType } from '../model/kube-object';
import type { Platform } from '../platform.port';
import { objectsAt, stringAt } from '../model/json-value';
import { groupKindKey, isCustomGroup, isKind, KubeKinds, LEGACY_STORAGE_CLASS_ANNOTATION, servedType, type KnownKind } from './kube-kinds';
import { getKnown } from './read-site';
import type { SkippedObject } from './skipped-object';

/** The label Kubernetes puts on the roles and bindings it creates itself. */
const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';
/** The annotation a provisioner puts on the PersistentVolumes it made for a claim (dynamic provisioning). */
const PROVISIONED_BY_ANNOTATION = 'pv.kubernetes.io/provisioned-by';

export interface ClusterDependencies {
  objects: KubeObject[];
  skipped: SkippedObject[];
}

/**
 * The cluster-scoped objects the selected (namespaced) objects need: the statically provisioned PersistentVolumes
 * their claims are bound to, the StorageClasses of those claims, volumes and StatefulSet claim templates, the ClusterRoleBindings naming
 * one of their ServiceAccounts, the ClusterRoles those bindings (and their RoleBindings) refer to, and the
 * CustomResourceDefinitions of their custom resources. Roles Kubernetes creates itself are left out: every site
 * has its own. A dynamically provisioned volume (annotated `pv.kubernetes.io/provisioned-by`) is left out too: it
 * points at the source's storage, and the migrated claim (without `spec.volumeName`) would bind to it on the
 * destination; there the claim gets a volume of its own and the data arrives by replication.
 */
export async function collectClusterDependencies(platform: Platform, types: readonly ResourceType[], selected: readonly KubeObject[]): Promise<ClusterDependencies> {
  const objects: KubeObject[] = [];
  const skipped: SkippedObject[] = [];

  const volumes: KubeObject[] = [];
  for (const volume of await getAll(platform, KubeKinds.persistentVolume, namesOf(selected.filter((o) => isKind(o, KubeKinds.persistentVolumeClaim)), (claim) => [stringAt(claim, 'spec', 'volumeName')]))) {
    const provisioner = volume.metadata.annotations?.[PROVISIONED_BY_ANNOTATION];
    if (provisioner === undefined) volumes.push(volume);
    else skipped.push({ ref: refOf(volume), reason: `provisioned by ${provisioner} for the source's storage; the destination provisions a volume of its own for the claim, and the data arrives by replication` });
  }
  objects.push(...volumes);
  objects.push(...(await getAll(platform, KubeKinds.storageClass, storageClassNames([...selected, ...volumes]))));

  const bindings = await clusterRoleBindingsOf(platform, types, selected);
  objects.push(...bindings);
  const roleNames = namesOf([...bindings, ...selected.filter((o) => isKind(o, KubeKinds.roleBinding))], (binding) =>
    stringAt(binding, 'roleRef', 'kind') === 'ClusterRole' ? [stringAt(binding, 'roleRef', 'name')] : [],
  );
  for (const role of await getAll(platform, KubeKinds.clusterRole, roleNames)) {
    if (isBuiltInRole(role)) skipped.push({ ref: refOf(role), reason: 'a role Kubernetes creates itself; every site has its own' });
    else objects.push(role);
  }

  objects.push(...(await getAll(platform, KubeKinds.customResourceDefinition, crdNames(types, selected))));
  return { objects, skipped };
}

function storageClassNames(objects: readonly KubeObject[]): string[] {
  return namesOf(objects, (object) => {
    if (isKind(object, KubeKinds.persistentVolumeClaim)) {
      return [stringAt(object, 'spec', 'storageClassName'), object.metadata.annotations?.[LEGACY_STORAGE_CLASS_ANNOTATION]];
    }
    if (isKind(object, KubeKinds.persistentVolume)) return [stringAt(object, 'spec', 'storageClassName')];
    if (isKind(object, KubeKinds.statefulSet)) return objectsAt(object, 'spec', 'volumeClaimTemplates').map((template) => stringAt(template, 'spec', 'storageClassName'));
    return [];
  });
}

async function clusterRoleBindingsOf(platform: Platform, types: readonly ResourceType[], selected: readonly KubeObject[]): Promise<KubeObject[]> {
  const accounts = new Set(selected.filter((o) => isKind(o, KubeKinds.serviceAccount)).map((account) => `${account.metadata.namespace ?? ''}/${account.metadata.name}`));
  const type = servedType(types, KubeKinds.clusterRoleBinding);
  if (accounts.size === 0 || type === undefined || !type.verbs.includes('list')) return [];
  const bindings = await platform.list(type);
  return bindings.filter(
    (binding) =>
      !isBuiltInRole(binding) &&
      objectsAt(binding, 'subjects').some((subject) => subject['kind'] === 'ServiceAccount' && accounts.has(`${String(subject['namespace'] ?? '')}/${String(subject['name'] ?? '')}`)),
  );
}

function isBuiltInRole(object: KubeObject): boolean {
  return object.metadata.labels?.[BOOTSTRAP_LABEL] === 'rbac-defaults' || object.metadata.name.startsWith('system:');
}

/** `<plural>.<group>` of each custom resource type among the selected objects. */
function crdNames(types: readonly ResourceType[], selected: readonly KubeObject[]): string[] {
  const plurals = new Map(types.map((type) => [groupKindKey(type), type.plural]));
  return namesOf(selected, (object) => {
    const group = groupOf(object.apiVersion);
    if (!isCustomGroup(group)) return [];
    const plural = plurals.get(groupKindKey({ group, kind: object.kind }));
    return plural === undefined ? [] : [`${plural}.${group}`];
  });
}

/** The distinct, non-empty names `pick` finds in `objects`, sorted. */
function namesOf(objects: readonly KubeObject[], pick: (object: KubeObject) => (string | undefined)[]): string[] {
  const names = new Set<string>();
  for (const object of objects) for (const name of pick(object)) if (name !== undefined && name !== '') names.add(name);
  return [...names].sort();
}

async function getAll(platform: Platform, kind: KnownKind, names: readonly string[]): Promise<KubeObject[]> {
  const found = await Promise.all(names.map((name) => getKnown(platform, kind, name)));
  return found.filter((object): object is KubeObject => object !== undefined);
}
