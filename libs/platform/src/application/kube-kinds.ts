import { groupOf, type ResourceType } from '../model/kube-object';

/** A group and kind, whatever the version: what Tandem's rules are written about. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** A built-in type Tandem names in its rules, with the version it reads and writes it at. */
export interface KnownKind extends GroupKind {
  version: string;
  plural: string;
  namespaced: boolean;
}

function known(group: string, version: string, kind: string, plural: string, namespaced: boolean): KnownKind {
  return { group, version, kind, plural, namespaced };
}

export const KubeKinds = {
  namespace: known('', 'v1', 'Namespace', 'namespaces', false),
  pod: known('', 'v1', 'Pod', 'pods', true),
  configMap: known('', 'v1', 'ConfigMap', 'configmaps', true),
  secret: known('', 'v1', 'Secret', 'secrets', true),
  service: known('', 'v1', 'Service', 'services', true),
  serviceAccount: known('', 'v1', 'ServiceAccount', 'serviceaccounts', true),
  persistentVolume: known('', 'v1', 'PersistentVolume', 'persistentvolumes', false),
  persistentVolumeClaim: known('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true),
  storageClass: known('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false),
  clusterRole: known('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  clusterRoleBinding: known('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  role: known('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  roleBinding: known('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  deployment: known('apps', 'v1', 'Deployment', 'deployments', true),
  statefulSet: known('apps', 'v1', 'StatefulSet', 'statefulsets', true),
  daemonSet: known('apps', 'v1', 'DaemonSet', 'daemonsets', true),
  replicaSet: known('apps', 'v1', 'ReplicaSet', 'replicasets', true),
  job: known('batch', 'v1', 'Job', 'jobs', true),
  cronJob: known('batch', 'v1', 'CronJob', 'cronjobs', true),
  customResourceDefinition: known('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
} as const satisfies Record<string, KnownKind>;

/** The legacy annotation that named a claim's StorageClass before `spec.storageClassName`. */
export const LEGACY_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/**
 * API groups that Kubernetes itself serves (or that aggregated, non-CRD APIs such as metrics serve). A type in any
 * other group is a custom resource, defined by a CustomResourceDefinition named `<plural>.<group>`. Some CRD groups
 * end in `.k8s.io` too (`snapshot.storage.k8s.io`, `gateway.networking.k8s.io`), hence a list and not a suffix.
 */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'metrics.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

export function isCustomGroup(group: string): boolean {
  return !BUILT_IN_GROUPS.has(group);
}

/** True when an object or ref (by its `apiVersion` and `kind`) is of the given group and kind. */
export function isKind(subject: { apiVersion: string; kind: string }, kind: GroupKind): boolean {
  return subject.kind === kind.kind && groupOf(subject.apiVersion) === kind.group;
}

export function groupKindKey(kind: GroupKind): string {
  return `${kind.group}|${kind.kind}`;
}

/**
 * The types discovery reported, one per group and kind: the first version reported wins (adapters list a group's
 * preferred version first), so an object served at two versions is read once.
 */
export function distinctTypes(types: readonly ResourceType[]): ResourceType[] {
  const seen = new Set<string>();
  const distinct: ResourceType[] = [];
  for (const type of types) {
    const key = groupKindKey(type);
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(type);
  }
  return distinct;
}

/** The served type of a group and kind, or `undefined` when the site does not serve it. */
export function servedType(types: readonly ResourceType[], kind: GroupKind): ResourceType | undefined {
  return types.find((type) => type.group === kind.group && type.kind === kind.kind);
}
