import type { KubeIdentity } from './kube-credentials.util';
import { type KubeEndpoint, kubeRequest } from './kube-https.util';

export interface KubeGrant {
  /** Name of the (Cluster)RoleBinding made. */
  bindingName: string;
  /** The namespace of the RoleBinding, undefined for a ClusterRoleBinding. */
  namespace: string | undefined;
}

/**
 * Binds `clusterRole` to the user of `identity`, as `admin`: cluster-wide with a ClusterRoleBinding, or within
 * `namespace` with a RoleBinding. RBAC sees the binding a moment later (its informer), so check with a retry.
 */
export async function bindClusterRole(
  endpoint: KubeEndpoint,
  admin: KubeIdentity,
  identity: KubeIdentity,
  clusterRole: string,
  namespace?: string,
): Promise<KubeGrant> {
  const bindingName = `${identity.name}-${clusterRole}`.replace(/[^a-z0-9.-]/g, '-').slice(0, 253);
  const kind = namespace ? 'RoleBinding' : 'ClusterRoleBinding';
  const path = namespace
    ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/rolebindings`
    : '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';
  const res = await kubeRequest(endpoint, path, {
    method: 'POST',
    token: admin.token,
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name: bindingName, ...(namespace ? { namespace } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: identity.name }],
    },
  });
  if (res.status !== 201) {
    throw new Error(`binding ClusterRole ${clusterRole} to ${identity.name} failed: ${kind} POST answered ${res.status}: ${res.text}`);
  }
  return { bindingName, namespace };
}
