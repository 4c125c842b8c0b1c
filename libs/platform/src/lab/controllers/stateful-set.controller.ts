import type { KubeObject } from '../../model/kube-object';
import { Kinds } from '../types/builtin-types';
import { type JsonMap, isMap, listAt, mapAt, numberAt, stringAt } from '../util/json-value';
import { type Controller, type ControllerContext, controllerRef, isDeleting, isPodReady, podFromTemplate, podsOf, replicasOf, templateHash } from './controller-context';

const REVISION_LABEL = 'controller-revision-hash';

/**
 * StatefulSets: pods `<name>-<ordinal>` with stable names, each with its claims `<template>-<name>-<ordinal>`
 * made from volumeClaimTemplates before the pod. OrderedReady (the default) creates one pod at a time, each
 * once the ones before it are ready, and removes the highest ordinal first, one at a time; Parallel does all
 * at once. A changed template replaces pods from the highest ordinal down (RollingUpdate), or waits for them
 * to be deleted (OnDelete).
 */
export class StatefulSetController implements Controller {
  readonly name = 'statefulset';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    let changed = false;
    for (const sts of this.context.api.all(Kinds.statefulSet)) {
      if (isDeleting(sts)) continue;
      changed = (await this.sync(sts)) || changed;
    }
    return changed;
  }

  private async sync(sts: KubeObject): Promise<boolean> {
    const { api } = this.context;
    const name = sts.metadata.name;
    const namespace = sts.metadata.namespace as string;
    const start = numberAt(sts, 'spec', 'ordinals', 'start') ?? 0;
    const replicas = replicasOf(sts);
    const parallel = stringAt(sts, 'spec', 'podManagementPolicy') === 'Parallel';
    const revision = `${name}-${templateHash(mapAt(sts, 'spec', 'template'))}`;
    const pods = new Map(podsOf(api, sts).map((pod) => [ordinalOf(pod, name), pod]));
    const terminating = [...pods.values()].some(isDeleting);
    let changed = false;

    for (let ordinal = start; ordinal < start + replicas; ordinal++) {
      const pod = pods.get(ordinal);
      if (!pod) {
        if (!parallel && terminating) break;
        changed = (await this.createClaims(sts, ordinal)) || changed;
        await api.create(this.newPod(sts, ordinal, revision));
        changed = true;
        if (!parallel) break;
      } else if (!parallel && (!isPodReady(pod) || isDeleting(pod))) {
        break;
      }
    }

    const condemned = [...pods.entries()].filter(([ordinal, pod]) => (ordinal < start || ordinal >= start + replicas) && !isDeleting(pod)).sort(([a], [b]) => b - a);
    for (const [ordinal, pod] of parallel ? condemned : condemned.slice(0, terminating ? 0 : 1)) {
      await api.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name: pod.metadata.name });
      if (stringAt(sts, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled') === 'Delete') await this.deleteClaims(sts, ordinal);
      changed = true;
    }
    if (condemned.length === 0 && !terminating) changed = (await this.rollOne(sts, [...pods.entries()], revision, start + replicas)) || changed;
    return changed;
  }

  /** Pod `<name>-<ordinal>`, with a volume for each of its claims (`<template>-<name>-<ordinal>`). */
  private newPod(sts: KubeObject, ordinal: number, revision: string): KubeObject {
    const podName = `${sts.metadata.name}-${ordinal}`;
    const serviceName = stringAt(sts, 'spec', 'serviceName');
    const pod = podFromTemplate({
      namespace: sts.metadata.namespace as string,
      name: podName,
      owner: sts,
      template: mapAt(sts, 'spec', 'template'),
      node: this.context.config.node,
      labels: { [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(ordinal) },
      hostname: podName,
      ...(serviceName ? { subdomain: serviceName } : {}),
    });
    const spec = pod['spec'] as JsonMap;
    const claims = listAt(sts, 'spec', 'volumeClaimTemplates').filter(isMap).map((template) => String(stringAt(template, 'metadata', 'name')));
    const volumes = listAt(spec, 'volumes').filter((volume) => !(isMap(volume) && claims.includes(String(volume['name']))));
    spec['volumes'] = [...claims.map((claim) => ({ name: claim, persistentVolumeClaim: { claimName: `${claim}-${sts.metadata.name}-${ordinal}` } })), ...volumes];
    return pod;
  }

  /** RollingUpdate: replaces the highest-ordinal pod of an old revision once every pod is ready. */
  private async rollOne(sts: KubeObject, pods: [number, KubeObject][], revision: string, end: number): Promise<boolean> {
    if (stringAt(sts, 'spec', 'updateStrategy', 'type') === 'OnDelete') return false;
    const partition = numberAt(sts, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
    if (pods.length < end - (numberAt(sts, 'spec', 'ordinals', 'start') ?? 0) || !pods.every(([, pod]) => isPodReady(pod))) return false;
    const outdated = pods.filter(([ordinal, pod]) => ordinal >= partition && pod.metadata.labels?.[REVISION_LABEL] !== revision).sort(([a], [b]) => b - a);
    const [first] = outdated;
    if (!first) return false;
    await this.context.api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: sts.metadata.namespace as string, name: first[1].metadata.name });
    return true;
  }

  private async createClaims(sts: KubeObject, ordinal: number): Promise<boolean> {
    const { api } = this.context;
    const namespace = sts.metadata.namespace as string;
    const deleteWithSet = stringAt(sts, 'spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted') === 'Delete';
    let changed = false;
    for (const template of listAt(sts, 'spec', 'volumeClaimTemplates').filter(isMap)) {
      const claimName = `${stringAt(template, 'metadata', 'name')}-${sts.metadata.name}-${ordinal}`;
      if (api.find(Kinds.pvc, namespace, claimName)) continue;
      const metadata = mapAt(template, 'metadata') ?? {};
      await api.create({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          ...(metadata as JsonMap),
          name: claimName,
          namespace,
          labels: { ...(mapAt(metadata, 'labels') as Record<string, string> | undefined), ...(mapAt(sts, 'spec', 'selector', 'matchLabels') as Record<string, string> | undefined) },
          ...(deleteWithSet ? { ownerReferences: [{ ...controllerRef(sts), controller: false }] } : {}),
        },
        spec: structuredClone(mapAt(template, 'spec') ?? {}),
      });
      changed = true;
    }
    return changed;
  }

  private async deleteClaims(sts: KubeObject, ordinal: number): Promise<void> {
    for (const template of listAt(sts, 'spec', 'volumeClaimTemplates').filter(isMap)) {
      const claimName = `${stringAt(template, 'metadata', 'name')}-${sts.metadata.name}-${ordinal}`;
      await this.context.api.delete({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: sts.metadata.namespace as string, name: claimName });
    }
  }
}

function ordinalOf(pod: KubeObject, setName: string): number {
  const suffix = pod.metadata.name.slice(setName.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
}
