import { type KubeObject, refOf } from '../../model/kube-object';
import type { LabType } from '../types/builtin-types';
import { isMap } from '../util/json-value';
import { checkCustomResource } from './custom-resource.schema';
import { Field, FieldErrors } from './field-errors';
import { checkLabelValue, checkName, checkQualifiedKey, type NameRule } from './names';
import * as core from './validate-core';
import * as other from './validate-other';
import * as workloads from './validate-workloads';

type KindCheck = (object: Field) => void;

const CHECKS: Record<string, KindCheck> = {
  '|Namespace': core.checkNamespace,
  '|ConfigMap': core.checkConfigMap,
  '|Secret': core.checkSecret,
  '|Service': core.checkService,
  '|PersistentVolumeClaim': core.checkPersistentVolumeClaim,
  '|PersistentVolume': core.checkPersistentVolume,
  '|Pod': workloads.checkPod,
  '|Event': core.checkEvent,
  '|Endpoints': core.checkEndpoints,
  'apps|Deployment': workloads.checkDeployment,
  'apps|ReplicaSet': workloads.checkReplicaSet,
  'apps|StatefulSet': workloads.checkStatefulSet,
  'apps|DaemonSet': workloads.checkDaemonSet,
  'apps|ControllerRevision': workloads.checkControllerRevision,
  'batch|Job': workloads.checkJob,
  'batch|CronJob': workloads.checkCronJob,
  'rbac.authorization.k8s.io|Role': (object) => other.checkRole(object, false),
  'rbac.authorization.k8s.io|ClusterRole': (object) => other.checkRole(object, true),
  'rbac.authorization.k8s.io|RoleBinding': (object) => other.checkRoleBinding(object, false),
  'rbac.authorization.k8s.io|ClusterRoleBinding': (object) => other.checkRoleBinding(object, true),
  'storage.k8s.io|StorageClass': other.checkStorageClass,
  'apiextensions.k8s.io|CustomResourceDefinition': other.checkCustomResourceDefinition,
  'networking.k8s.io|Ingress': other.checkIngress,
  'networking.k8s.io|NetworkPolicy': other.checkNetworkPolicy,
  'policy|PodDisruptionBudget': other.checkPodDisruptionBudget,
};

const NAME_RULES: Record<string, NameRule> = {
  '|Namespace': 'label',
  '|Service': 'dns1035',
  'rbac.authorization.k8s.io|Role': 'path-segment',
  'rbac.authorization.k8s.io|ClusterRole': 'path-segment',
  'rbac.authorization.k8s.io|RoleBinding': 'path-segment',
  'rbac.authorization.k8s.io|ClusterRoleBinding': 'path-segment',
};

/**
 * The envelope every applied document needs before the site can even find its type: an object with
 * apiVersion, kind and metadata.name. Throws `Invalid` naming the missing field.
 */
export function checkEnvelope(object: unknown): asserts object is KubeObject {
  const errors = new FieldErrors();
  const root = Field.root(errors, object);
  if (!root.map({ required: true })) errors.throwIfAny(undefined);
  root.child('apiVersion').string({ required: true });
  root.child('kind').string({ required: true });
  if (root.child('metadata').map({ required: true })) {
    root.child('metadata').child('name').string({ required: true });
    root.child('metadata').child('namespace').string();
  }
  const value = object as { kind?: unknown; metadata?: { name?: unknown } };
  const name = typeof value.metadata?.name === 'string' ? ` ${value.metadata.name}` : '';
  errors.throwIfAny(undefined, typeof value.kind === 'string' ? `${value.kind}${name}: ` : '');
}

/**
 * Checks an object as the API server would before storing it: its metadata, then the rules of its kind (for
 * custom resources: its CRD's schema, pruning unknown fields in place). Throws `Invalid` listing every problem
 * with its field.
 */
export function checkObject(object: KubeObject, type: LabType): void {
  const errors = new FieldErrors();
  const root = Field.root(errors, object);
  const key = `${type.group}|${type.kind}`;
  checkMetadata(root.child('metadata'), type.crd === undefined ? (NAME_RULES[key] ?? 'subdomain') : 'subdomain');
  if (type.crd !== undefined) checkCustomResource(root, type.schema);
  else CHECKS[key]?.(root);
  errors.throwIfAny(refOf(object));
}

function checkMetadata(metadata: Field, rule: NameRule): void {
  checkName(metadata.child('name'), rule);
  const namespace = metadata.child('namespace');
  if (namespace.present) checkName(namespace, 'label');
  metadata.child('labels').stringMap({
    key: (key, field) => {
      checkQualifiedKey(key, field);
      checkLabelValue(field.value, field);
    },
  });
  const annotations = metadata.child('annotations').stringMap({ key: (key, field) => checkQualifiedKey(key, field) });
  if (annotations && JSON.stringify(annotations).length > 262144) metadata.child('annotations').fail('Too long: must have at most 262144 bytes');
  for (const owner of metadata.child('ownerReferences').list()) {
    if (!owner.map()) continue;
    for (const field of ['apiVersion', 'kind', 'name', 'uid']) owner.child(field).string({ required: true });
  }
  metadata.child('finalizers').list().forEach((finalizer) => finalizer.string({ required: true }));
  if (metadata.present && !isMap(metadata.value)) metadata.invalid('must be an object');
}
