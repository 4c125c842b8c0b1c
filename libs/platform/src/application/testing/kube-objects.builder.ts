import type { KubeObject, OwnerReference, ResourceType } from '../../model/kube-object';
import type { KnownKind } from '../kube-kinds';

/** Builders of the objects and types the application tests use. Test fixtures only; not exported by the lib. */

export interface ObjectFields {
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  owners?: KubeObject[];
  [field: string]: unknown;
}

export function kubeObject(apiVersion: string, kind: string, name: string, fields: ObjectFields = {}): KubeObject {
  const { namespace, labels, annotations, uid, owners, ...body } = fields;
  const object: KubeObject = { apiVersion, kind, metadata: { name }, ...body };
  if (namespace !== undefined) object.metadata.namespace = namespace;
  if (labels !== undefined) object.metadata.labels = labels;
  if (annotations !== undefined) object.metadata.annotations = annotations;
  object.metadata.uid = uid ?? `uid-${kind}-${namespace ?? ''}-${name}`;
  if (owners !== undefined) object.metadata.ownerReferences = owners.map(ownerReferenceTo);
  return object;
}

export function ownerReferenceTo(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true };
}

export const build = {
  namespace: (name: string, fields: ObjectFields = {}) => kubeObject('v1', 'Namespace', name, fields),
  configMap: (namespace: string, name: string, fields: ObjectFields = {}) => kubeObject('v1', 'ConfigMap', name, { namespace, data: { key: 'value' }, ...fields }),
  secret: (namespace: string, name: string, fields: ObjectFields = {}) => kubeObject('v1', 'Secret', name, { namespace, type: 'Opaque', ...fields }),
  serviceAccount: (namespace: string, name: string, fields: ObjectFields = {}) => kubeObject('v1', 'ServiceAccount', name, { namespace, ...fields }),
  service: (namespace: string, name: string, spec: Record<string, unknown>, fields: ObjectFields = {}) => kubeObject('v1', 'Service', name, { namespace, spec, ...fields }),
  pod: (namespace: string, name: string, fields: ObjectFields = {}) => kubeObject('v1', 'Pod', name, { namespace, spec: { containers: [{ name: 'main', image: 'app:1' }] }, ...fields }),
  pvc: (namespace: string, name: string, spec: Record<string, unknown> = {}, fields: ObjectFields = {}) =>
    kubeObject('v1', 'PersistentVolumeClaim', name, { namespace, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec }, ...fields }),
  pv: (name: string, spec: Record<string, unknown> = {}, fields: ObjectFields = {}) => kubeObject('v1', 'PersistentVolume', name, { spec: { capacity: { storage: '1Gi' }, ...spec }, ...fields }),
  storageClass: (name: string, fields: ObjectFields = {}) => kubeObject('storage.k8s.io/v1', 'StorageClass', name, { provisioner: 'example.com/disk', ...fields }),
  deployment: (namespace: string, name: string, spec: Record<string, unknown> = {}, fields: ObjectFields = {}) =>
    kubeObject('apps/v1', 'Deployment', name, { namespace, spec: { replicas: 3, selector: { matchLabels: { app: name } }, template: podTemplate(name), ...spec }, ...fields }),
  statefulSet: (namespace: string, name: string, spec: Record<string, unknown> = {}, fields: ObjectFields = {}) =>
    kubeObject('apps/v1', 'StatefulSet', name, { namespace, spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: podTemplate(name), ...spec }, ...fields }),
  daemonSet: (namespace: string, name: string, spec: Record<string, unknown> = {}, fields: ObjectFields = {}) =>
    kubeObject('apps/v1', 'DaemonSet', name, { namespace, spec: { selector: { matchLabels: { app: name } }, template: podTemplate(name), ...spec }, ...fields }),
  replicaSet: (namespace: string, name: string, fields: ObjectFields = {}) => kubeObject('apps/v1', 'ReplicaSet', name, { namespace, spec: { replicas: 3 }, ...fields }),
  job: (namespace: string, name: string, spec: Record<string, unknown> = {}, fields: ObjectFields = {}) => kubeObject('batch/v1', 'Job', name, { namespace, spec: { template: podTemplate(name), ...spec }, ...fields }),
  cronJob: (namespace: string, name: string, spec: Record<string, unknown> = {}, fields: ObjectFields = {}) =>
    kubeObject('batch/v1', 'CronJob', name, { namespace, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate(name) } }, ...spec }, ...fields }),
  role: (namespace: string, name: string) => kubeObject('rbac.authorization.k8s.io/v1', 'Role', name, { namespace, rules: [] }),
  roleBinding: (namespace: string, name: string, roleRef: { kind: string; name: string }, subjects: Record<string, unknown>[]) =>
    kubeObject('rbac.authorization.k8s.io/v1', 'RoleBinding', name, { namespace, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects }),
  clusterRole: (name: string, fields: ObjectFields = {}) => kubeObject('rbac.authorization.k8s.io/v1', 'ClusterRole', name, { rules: [], ...fields }),
  clusterRoleBinding: (name: string, role: string, subjects: Record<string, unknown>[]) =>
    kubeObject('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', name, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects }),
  crd: (group: string, plural: string, kind: string) =>
    kubeObject('apiextensions.k8s.io/v1', 'CustomResourceDefinition', `${plural}.${group}`, {
      spec: { group, names: { plural, kind }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] },
    }),
};

function podTemplate(app: string): Record<string, unknown> {
  return { metadata: { labels: { app } }, spec: { containers: [{ name: 'main', image: `${app}:1` }] } };
}

export const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

export function resourceType(kind: KnownKind, verbs: string[] = ALL_VERBS): ResourceType {
  return { group: kind.group, version: kind.version, kind: kind.kind, plural: kind.plural, namespaced: kind.namespaced, verbs };
}

export function customType(group: string, kind: string, plural: string, namespaced = true): ResourceType {
  return { group, version: 'v1', kind, plural, namespaced, verbs: ALL_VERBS };
}
