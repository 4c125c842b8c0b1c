import { DOMAIN_FENCE_NAME, DOMAIN_FENCE_NAMESPACE, fencedMessage, fenceFromConfigMap } from '../../domain-fence';
import { Annotations } from '../../model/annotations';
import { groupOf, type KubeObject } from '../../model/kube-object';
import { PlatformError } from '../../platform.errors';
import { replicasOf } from '../controllers/controller-context';
import { Kinds } from '../types/builtin-types';

/** Where the admission check reads the site's fence from: the stored objects. */
export interface FenceSource {
  find(gk: { group: string; kind: string }, namespace: string | undefined, name: string): KubeObject | undefined;
}

const FENCED_KINDS = new Set(['Deployment', 'StatefulSet']);

/**
 * The lab's admission check for the domain fence (the Kubernetes side of it is `activateApplications`' check):
 * while the site's fence says its domain is inactive, a Deployment or StatefulSet that Tandem migrated here (it
 * carries, or carried until this write, `Annotations.replicas`) may not be scaled up above 0, by apply or by its
 * scale subresource; its pods are therefore not started. Scaling down is always allowed, and other workloads are
 * not concerned. Throws `PlatformError` `Forbidden` naming the fence and how to activate the domain.
 */
export function admitUnderFence(source: FenceSource, next: KubeObject, live: KubeObject | undefined): void {
  if (groupOf(next.apiVersion) !== 'apps' || !FENCED_KINDS.has(next.kind)) return;
  const migrated = next.metadata.annotations?.[Annotations.replicas] !== undefined || live?.metadata.annotations?.[Annotations.replicas] !== undefined;
  if (!migrated) return;
  const wanted = replicasOf(next);
  const before = live === undefined ? 0 : replicasOf(live);
  if (wanted === 0 || wanted <= before) return;
  const fence = fenceFromConfigMap(source.find(Kinds.configMap, DOMAIN_FENCE_NAMESPACE, DOMAIN_FENCE_NAME));
  if (fence === undefined || fence.active) return;
  throw new PlatformError('Forbidden', `scaling to ${wanted} replicas is refused: ${fencedMessage(fence)}`, {
    ref: { apiVersion: next.apiVersion, kind: next.kind, name: next.metadata.name, ...(next.metadata.namespace ? { namespace: next.metadata.namespace } : {}) },
  });
}
