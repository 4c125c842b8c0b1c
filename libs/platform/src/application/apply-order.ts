import { groupOf, type KubeObject } from '../model/kube-object';
import { isCustomGroup, KubeKinds, type GroupKind } from './kube-kinds';
import { compareObjects } from './object-order';

/**
 * The order objects are applied in, so that what an object refers to exists first: CRDs before their custom
 * resources, Namespaces before what is in them, StorageClasses and PersistentVolumes before claims, accounts and
 * roles before bindings, configuration before the workloads that mount it. Built-in kinds not listed come after
 * the workloads, custom resources last.
 */
export const APPLY_ORDER: readonly GroupKind[] = [
  KubeKinds.customResourceDefinition,
  KubeKinds.namespace,
  KubeKinds.storageClass,
  KubeKinds.persistentVolume,
  KubeKinds.serviceAccount,
  KubeKinds.clusterRole,
  KubeKinds.clusterRoleBinding,
  KubeKinds.role,
  KubeKinds.roleBinding,
  KubeKinds.configMap,
  KubeKinds.secret,
  KubeKinds.persistentVolumeClaim,
  KubeKinds.service,
  KubeKinds.deployment,
  KubeKinds.statefulSet,
  KubeKinds.daemonSet,
  KubeKinds.replicaSet,
  KubeKinds.job,
  KubeKinds.cronJob,
].map(({ group, kind }) => ({ group, kind }));

/** Position of an object's kind in the apply order: `APPLY_ORDER`, then other built-in kinds, then custom resources. */
export function applyRank(subject: { apiVersion: string; kind: string }): number {
  const group = groupOf(subject.apiVersion);
  const listed = APPLY_ORDER.findIndex((entry) => entry.group === group && entry.kind === subject.kind);
  if (listed >= 0) return listed;
  return isCustomGroup(group) ? APPLY_ORDER.length + 1 : APPLY_ORDER.length;
}

/** The objects in apply order; within a kind, by namespace and name. */
export function sortForApply(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects].sort((a, b) => applyRank(a) - applyRank(b) || compareObjects(a, b));
}
