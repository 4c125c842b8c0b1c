import type { KubeObject } from '../model/kube-object';
import type { Platform, VolumeBinding } from '../platform.port';

interface PvcSpec {
  volumeName?: string;
  storageClassName?: string;
}
interface PvSpec {
  storageClassName?: string;
  hostPath?: { path: string };
  local?: { path: string };
  csi?: { driver: string; volumeHandle: string };
  nodeAffinity?: { required?: { nodeSelectorTerms?: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }[] } };
}

/**
 * Where each PVC's data lives for an agent: the bound PV's `hostPath` or `local` path, and the node a local
 * volume is pinned to (from its node affinity on `kubernetes.io/hostname`). Other volume sources (CSI, cloud
 * disks) are reported with the reason, not skipped.
 */
export async function volumeBindings(platform: Platform, namespace: string, claimNames?: string[]): Promise<VolumeBinding[]> {
  const types = await platform.discover();
  const pvcType = types.find((type) => type.group === '' && type.kind === 'PersistentVolumeClaim');
  if (pvcType === undefined) return [];
  const claims = (await platform.list(pvcType, { namespace })).filter((claim) => claimNames === undefined || claimNames.includes(claim.metadata.name));
  const bindings: VolumeBinding[] = [];
  for (const claim of claims.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    bindings.push(await bindingOf(platform, claim));
  }
  for (const missing of (claimNames ?? []).filter((name) => !claims.some((claim) => claim.metadata.name === name))) {
    bindings.push({ claim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: missing }, unavailableReason: 'the claim does not exist' });
  }
  return bindings;
}

async function bindingOf(platform: Platform, claim: KubeObject): Promise<VolumeBinding> {
  const spec = (claim.spec ?? {}) as PvcSpec;
  const ref = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name };
  const binding: VolumeBinding = { claim: ref, storageClassName: spec.storageClassName };
  if (spec.volumeName === undefined || spec.volumeName === '') return { ...binding, unavailableReason: 'the claim is not bound to a volume yet' };
  binding.volumeName = spec.volumeName;
  const volume = await platform.get({ apiVersion: 'v1', kind: 'PersistentVolume', name: spec.volumeName });
  if (volume === undefined) return { ...binding, unavailableReason: `its volume ${spec.volumeName} does not exist` };
  const pv = (volume.spec ?? {}) as PvSpec;
  binding.storageClassName ??= pv.storageClassName;
  const path = pv.local?.path ?? pv.hostPath?.path;
  if (path === undefined) {
    const source = pv.csi === undefined ? 'its volume source' : `CSI driver ${pv.csi.driver}`;
    return { ...binding, unavailableReason: `${source} is not a host path; agents read such volumes only through a mounted clone, which this site does not offer` };
  }
  binding.path = path;
  const node = pv.nodeAffinity?.required?.nodeSelectorTerms
    ?.flatMap((term) => term.matchExpressions ?? [])
    .find((expression) => expression.key === 'kubernetes.io/hostname' && expression.operator === 'In')?.values?.[0];
  if (node !== undefined) binding.node = node;
  return binding;
}
