import type { KubeObject } from '../model/kube-object';
import { cloneJson, objectsAt } from '../model/json-value';
import { isKind, KubeKinds } from './kube-kinds';

/**
 * Renames namespaces: `metadata.namespace` of namespaced objects, the names of Namespace objects, and the
 * `namespace` of RoleBinding and ClusterRoleBinding subjects (ServiceAccounts). Returns a new object.
 */
export function mapNamespaces(object: KubeObject, mapping: Readonly<Record<string, string>>): KubeObject {
  const rename = (namespace: string): string => (Object.prototype.hasOwnProperty.call(mapping, namespace) ? (mapping[namespace] as string) : namespace);
  const copy = cloneJson(object);
  if (copy.metadata.namespace !== undefined) copy.metadata.namespace = rename(copy.metadata.namespace);
  if (isKind(copy, KubeKinds.namespace)) copy.metadata.name = rename(copy.metadata.name);
  if (isKind(copy, KubeKinds.roleBinding) || isKind(copy, KubeKinds.clusterRoleBinding)) {
    for (const subject of objectsAt(copy, 'subjects')) {
      if (typeof subject['namespace'] === 'string') subject['namespace'] = rename(subject['namespace']);
    }
  }
  return copy;
}
