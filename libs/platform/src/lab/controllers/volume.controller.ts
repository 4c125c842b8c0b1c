import { mkdir, rm } from 'node:fs/promises';
import { relative } from 'node:path';
import type { KubeObject } from '../../model/kube-object';
import { Kinds } from '../types/builtin-types';
import { clone, isMap, listAt, mapAt, stringAt } from '../util/json-value';
import { quantityValue } from '../validation/names';
import { snapshotDirOf } from '../volumes/snapshot-volumes';
import { LAB_STRETCHED_PROVISIONER, provideStretchedVolume, stretchedVolumeName } from '../volumes/stretched-volumes';
import { type Controller, type ControllerContext, isDeleting } from './controller-context';

/** The provisioner of the lab's storage classes: a directory under the site's `volumes/`. */
export const LAB_PROVISIONER = 'lab.tandem.dev/local';
export const LAB_STORAGE_CLASS = 'lab-local';
const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
const PV_PROTECTION = 'kubernetes.io/pv-protection';

/**
 * The persistent volume controller and provisioner: binds claims to an available volume that fits (pre-bound
 * ones first), else provisions `pvc-<claim uid>` (a directory under `volumes/`) when the claim's class uses
 * the lab provisioner, or `stretched-<namespace>-<claim>` (a directory of the site's stretched storage domain, shared
 * with the other sites of its metro group, reused when it exists) when it uses the stretched provisioner. Keeps
 * claims in use by a pod until the pod is gone (pvc-protection), and reclaims
 * released volumes (Delete: the directory is removed; Retain: the volume stays Released).
 */
export class VolumeController implements Controller {
  readonly name = 'volume';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    let changed = false;
    for (const claim of this.context.api.all(Kinds.pvc)) {
      if (isDeleting(claim)) changed = (await this.releaseIfUnused(claim)) || changed;
      else if (stringAt(claim, 'status', 'phase') !== 'Bound') changed = (await this.bind(claim)) || changed;
    }
    for (const volume of this.context.api.all(Kinds.pv)) changed = (await this.reclaim(volume)) || changed;
    return changed;
  }

  private async bind(claim: KubeObject): Promise<boolean> {
    const { api } = this.context;
    const volume = this.findVolume(claim) ?? (await this.provision(claim));
    if (!volume) return false;
    const claimRef = { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion };
    if (stringAt(volume, 'spec', 'claimRef', 'uid') !== claim.metadata.uid) {
      await api.update({ ...clone(volume), spec: { ...(volume['spec'] as object), claimRef } });
    }
    await api.setStatus(volume, { phase: 'Bound' });
    const next = clone(claim);
    next.metadata.annotations = { ...next.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes' };
    if (stringAt(claim, 'spec', 'volumeName') === undefined) next.metadata.annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
    (next['spec'] as Record<string, unknown>)['volumeName'] = volume.metadata.name;
    const bound = await api.update(next);
    await api.setStatus(bound, { phase: 'Bound', accessModes: clone(listAt(volume, 'spec', 'accessModes')), capacity: clone(mapAt(volume, 'spec', 'capacity') ?? {}) });
    return true;
  }

  /** The volume the claim names, or an available one that was pre-bound to it or fits it. */
  private findVolume(claim: KubeObject): KubeObject | undefined {
    const volumes = this.context.api.all(Kinds.pv).filter((pv) => !isDeleting(pv));
    const named = stringAt(claim, 'spec', 'volumeName');
    if (named !== undefined) {
      const volume = volumes.find((pv) => pv.metadata.name === named);
      const boundTo = mapAt(volume, 'spec', 'claimRef');
      return volume && (!boundTo || (boundTo['name'] === claim.metadata.name && boundTo['namespace'] === claim.metadata.namespace)) ? volume : undefined;
    }
    const preBound = volumes.find((pv) => stringAt(pv, 'spec', 'claimRef', 'name') === claim.metadata.name && stringAt(pv, 'spec', 'claimRef', 'namespace') === claim.metadata.namespace && stringAt(pv, 'status', 'phase') !== 'Released');
    if (preBound) return preBound;
    const wanted = quantityValue(stringAt(claim, 'spec', 'resources', 'requests', 'storage') ?? mapAt(claim, 'spec', 'resources', 'requests')?.['storage']);
    const modes = listAt(claim, 'spec', 'accessModes');
    const className = stringAt(claim, 'spec', 'storageClassName') ?? '';
    return volumes.find(
      (pv) =>
        mapAt(pv, 'spec', 'claimRef') === undefined &&
        (stringAt(pv, 'spec', 'storageClassName') ?? '') === className &&
        quantityValue(mapAt(pv, 'spec', 'capacity')?.['storage']) >= wanted &&
        modes.every((mode) => listAt(pv, 'spec', 'accessModes').includes(mode)),
    );
  }

  private async provision(claim: KubeObject): Promise<KubeObject | undefined> {
    const { api, layout, config } = this.context;
    const className = stringAt(claim, 'spec', 'storageClassName');
    const storageClass = className === undefined ? undefined : api.find(Kinds.storageClass, undefined, className);
    if (stringAt(claim, 'spec', 'volumeName') !== undefined || storageClass === undefined) return undefined;
    if (storageClass['provisioner'] === LAB_STRETCHED_PROVISIONER) return this.provisionStretched(claim, storageClass);
    if (storageClass['provisioner'] !== LAB_PROVISIONER) return undefined;
    const name = `pvc-${claim.metadata.uid}`;
    const path = layout.persistentVolumeDir(name);
    await mkdir(path, { recursive: true, mode: 0o755 });
    return api.create({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': LAB_PROVISIONER } },
      spec: {
        capacity: { storage: mapAt(claim, 'spec', 'resources', 'requests')?.['storage'] },
        accessModes: clone(listAt(claim, 'spec', 'accessModes')),
        persistentVolumeReclaimPolicy: storageClass['reclaimPolicy'] ?? 'Delete',
        storageClassName: className,
        volumeMode: stringAt(claim, 'spec', 'volumeMode') ?? 'Filesystem',
        hostPath: { path, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [config.node] }] }] } },
      },
    });
  }

  /**
   * The claim's volume in the stretched storage domain: the PersistentVolume of its deterministic name when this site
   * has it (made for a claim of the same name before, e.g. Released by a deleted claim), else a new one on the shared
   * directory, which another site of the group may have made already: its files are kept. A site outside any metro
   * group (no `stretchedDir`) provisions nothing; the claim stays Pending.
   */
  private async provisionStretched(claim: KubeObject, storageClass: KubeObject): Promise<KubeObject | undefined> {
    const { api, config } = this.context;
    if (config.stretchedDir === undefined) return undefined;
    const namespace = claim.metadata.namespace as string;
    const name = stretchedVolumeName(namespace, claim.metadata.name);
    const existing = api.find(Kinds.pv, undefined, name);
    if (existing) {
      const boundTo = mapAt(existing, 'spec', 'claimRef');
      const mine = !boundTo || (boundTo['name'] === claim.metadata.name && boundTo['namespace'] === namespace);
      return mine && !isDeleting(existing) ? existing : undefined;
    }
    const volume = await provideStretchedVolume(config.stretchedDir, { namespace, name: claim.metadata.name }, config.name);
    if (!volume.ok) return undefined;
    return api.create({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': LAB_STRETCHED_PROVISIONER } },
      spec: {
        capacity: { storage: mapAt(claim, 'spec', 'resources', 'requests')?.['storage'] },
        accessModes: clone(listAt(claim, 'spec', 'accessModes')),
        persistentVolumeReclaimPolicy: storageClass['reclaimPolicy'] ?? 'Retain',
        storageClassName: storageClass.metadata.name,
        volumeMode: stringAt(claim, 'spec', 'volumeMode') ?? 'Filesystem',
        hostPath: { path: volume.path, type: 'Directory' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [config.node] }] }] } },
      },
    });
  }

  /** A deleted claim goes once no pod uses it. */
  private async releaseIfUnused(claim: KubeObject): Promise<boolean> {
    const inUse = this.context.api
      .all(Kinds.pod, claim.metadata.namespace)
      .some((pod) => listAt(pod, 'spec', 'volumes').some((volume) => isMap(volume) && stringAt(volume, 'persistentVolumeClaim', 'claimName') === claim.metadata.name));
    const finalizers = claim.metadata.finalizers ?? [];
    if (inUse || !finalizers.includes(PVC_PROTECTION)) return false;
    await this.context.api.update({ ...clone(claim), metadata: { ...clone(claim.metadata), finalizers: finalizers.filter((f) => f !== PVC_PROTECTION) } });
    return true;
  }

  private async reclaim(volume: KubeObject): Promise<boolean> {
    const { api } = this.context;
    const claimRef = mapAt(volume, 'spec', 'claimRef');
    const phase = stringAt(volume, 'status', 'phase');
    if (!claimRef) {
      if (phase === 'Available' || isDeleting(volume)) return this.finishDeletion(volume);
      await api.setStatus(volume, { phase: 'Available' });
      return true;
    }
    const claim = api.find(Kinds.pvc, stringAt(claimRef, 'namespace'), String(claimRef['name']));
    const claimGone = !claim || (claimRef['uid'] !== undefined && claim.metadata.uid !== claimRef['uid']);
    if (!claimGone) return this.finishDeletion(volume);
    if (stringAt(volume, 'spec', 'persistentVolumeReclaimPolicy') === 'Delete') {
      if (!isDeleting(volume)) {
        await api.delete({ apiVersion: 'v1', kind: 'PersistentVolume', name: volume.metadata.name });
        return true;
      }
      return this.finishDeletion(volume, true);
    }
    if (phase === 'Released') return this.finishDeletion(volume);
    await api.setStatus(volume, { phase: 'Released' });
    return true;
  }

  /** A deleted volume loses its protection once no claim holds it; a lab-provisioned one also loses its files. */
  private async finishDeletion(volume: KubeObject, claimGone = false): Promise<boolean> {
    if (!isDeleting(volume)) return false;
    const bound = mapAt(volume, 'spec', 'claimRef') !== undefined && !claimGone && stringAt(volume, 'status', 'phase') === 'Bound';
    if (bound) return false;
    const path = stringAt(volume, 'spec', 'hostPath', 'path');
    const ours = volume.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === LAB_PROVISIONER && path !== undefined && !relative(this.context.layout.volumesDir, path).startsWith('..');
    if (ours && stringAt(volume, 'spec', 'persistentVolumeReclaimPolicy') === 'Delete') {
      await rm(path as string, { recursive: true, force: true });
      await rm(snapshotDirOf(path as string), { recursive: true, force: true });
    }
    const finalizers = (volume.metadata.finalizers ?? []).filter((f) => f !== PV_PROTECTION);
    await this.context.api.update({ ...clone(volume), metadata: { ...clone(volume.metadata), finalizers } });
    return true;
  }
}
