import type { ResourceType } from '../../model/kube-object';

/** A type the lab serves: what discovery reports, plus what the lab needs to know to store and run it. */
export interface LabType extends ResourceType {
  /** `status` is a subresource: applies to the object ignore it, and only the site writes it. */
  statusSubresource: boolean;
  /** Has a scale subresource (`Platform.scale`). */
  scaleSubresource: boolean;
  /** For custom resources: the CRD that defines the type. */
  crd?: string;
  /** For custom resources: the version's openAPIV3Schema. */
  schema?: unknown;
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function builtin(group: string, version: string, kind: string, plural: string, namespaced: boolean, status: boolean, scale = false): LabType {
  return { group, version, kind, plural, namespaced, verbs: VERBS, statusSubresource: status, scaleSubresource: scale };
}

/** The built-in types of a lab site, the subset of a Kubernetes API server's that Tandem moves or runs. */
export const BUILTIN_TYPES: readonly LabType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, true),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, false),
  builtin('', 'v1', 'Secret', 'secrets', true, false),
  builtin('', 'v1', 'Service', 'services', true, true),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, false),
  builtin('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, true),
  builtin('', 'v1', 'PersistentVolume', 'persistentvolumes', false, true),
  builtin('', 'v1', 'Pod', 'pods', true, true),
  builtin('', 'v1', 'Event', 'events', true, false),
  builtin('', 'v1', 'Endpoints', 'endpoints', true, false),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, true, true),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', true, true, true),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', true, true),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, true, true),
  builtin('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true, false),
  builtin('batch', 'v1', 'Job', 'jobs', true, true),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', true, true),
  builtin('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, false),
  builtin('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, false),
  builtin('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, true),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, true),
  builtin('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, false),
  builtin('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, true),
];

/** Kinds the lab's controllers and kubelet act on (others are stored and served only). */
export const Kinds = {
  namespace: { group: '', kind: 'Namespace' },
  configMap: { group: '', kind: 'ConfigMap' },
  secret: { group: '', kind: 'Secret' },
  service: { group: '', kind: 'Service' },
  serviceAccount: { group: '', kind: 'ServiceAccount' },
  pvc: { group: '', kind: 'PersistentVolumeClaim' },
  pv: { group: '', kind: 'PersistentVolume' },
  pod: { group: '', kind: 'Pod' },
  deployment: { group: 'apps', kind: 'Deployment' },
  statefulSet: { group: 'apps', kind: 'StatefulSet' },
  daemonSet: { group: 'apps', kind: 'DaemonSet' },
  replicaSet: { group: 'apps', kind: 'ReplicaSet' },
  storageClass: { group: 'storage.k8s.io', kind: 'StorageClass' },
  crd: { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
} as const;

export type GroupKind = { group: string; kind: string };

export function groupKindKey(gk: GroupKind): string {
  return `${gk.group}|${gk.kind}`;
}
