import { DOMAIN_FENCE_NAME, DOMAIN_FENCE_NAMESPACE, fenceFromConfigMap } from '../../domain-fence';
import type { KubeObject } from '../../model/kube-object';
import { PodConfigError } from '../kubelet/pod-config.error';
import { Kinds } from '../types/builtin-types';
import { isMap, listAt, stringAt } from '../util/json-value';
import { LAB_STRETCHED_PROVISIONER } from '../volumes/stretched-volumes';
import type { FenceSource } from './domain-fence.admission';

/** The waiting reason of a pod the fence keeps from starting (`containerStatuses[].state.waiting.reason`). */
export const DOMAIN_FENCED_REASON = 'DomainFenced';

/**
 * The storage side of the domain fence: a stretched volume is written from every site of its metro group, so while
 * the site's fence says its domain is inactive, no pod (whoever made it) that mounts a stretched volume is started
 * here, and only the active domain runs writers on it. Returns the error that keeps the pod waiting, naming the fence
 * and the volume, or `undefined` when the pod may start. Pods already running are left alone: deactivating a domain
 * scales its workloads down.
 */
export function stretchedVolumeFence(source: FenceSource, pod: KubeObject): PodConfigError | undefined {
  const stretched = stretchedVolumesOf(source, pod);
  if (stretched.length === 0) return undefined;
  const fence = fenceFromConfigMap(source.find(Kinds.configMap, DOMAIN_FENCE_NAMESPACE, DOMAIN_FENCE_NAME));
  if (fence === undefined || fence.active) return undefined;
  const domain = fence.domain || '<domain>';
  return new PodConfigError(
    DOMAIN_FENCED_REASON,
    `not started: it mounts the stretched volume ${stretched.join(', ')}, which the other sites of the metro group write too, and cluster domain ${fence.domain || 'of this site'} ` +
      `is deactivated (fence ConfigMap ${DOMAIN_FENCE_NAMESPACE}/${DOMAIN_FENCE_NAME}, epoch ${fence.epoch}); activate the domain first (\`tandemctl activate clusterdomain ${domain}\`)`,
  );
}

/** `<volume> (claim <name>)` for each of the pod's claims bound to a stretched volume. */
function stretchedVolumesOf(source: FenceSource, pod: KubeObject): string[] {
  const found: string[] = [];
  for (const volume of listAt(pod, 'spec', 'volumes').filter(isMap)) {
    const claimName = stringAt(volume, 'persistentVolumeClaim', 'claimName');
    if (claimName === undefined) continue;
    const claim = source.find(Kinds.pvc, pod.metadata.namespace, claimName);
    const volumeName = claim === undefined ? undefined : stringAt(claim, 'spec', 'volumeName');
    const pv = volumeName === undefined ? undefined : source.find(Kinds.pv, undefined, volumeName);
    if (pv === undefined) continue; // an unbound claim keeps the pod waiting anyway
    const className = stringAt(pv, 'spec', 'storageClassName');
    const storageClass = className === undefined ? undefined : source.find(Kinds.storageClass, undefined, className);
    const provisioner = pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] ?? storageClass?.['provisioner'];
    if (provisioner === LAB_STRETCHED_PROVISIONER) found.push(`${pv.metadata.name} (claim ${claimName})`);
  }
  return found;
}
