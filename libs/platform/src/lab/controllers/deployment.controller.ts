import type { KubeObject } from '../../model/kube-object';
import { Kinds } from '../types/builtin-types';
import { clone, mapAt } from '../util/json-value';
import { type Controller, type ControllerContext, controllerRef, isControlledBy, isDeleting, isPodReady, podFromTemplate, podsOf, randomSuffix, replicasOf, templateHash } from './controller-context';

/**
 * Deployments: one ReplicaSet per pod template (`<deployment>-<template hash>`, labelled pod-template-hash),
 * the current one scaled to the Deployment's replicas and older ones to 0. Simplified rollout: the new
 * ReplicaSet is scaled up and the old ones down in the same pass (no surge/unavailability budget).
 */
export class DeploymentController implements Controller {
  readonly name = 'deployment';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    let changed = false;
    for (const deployment of this.context.api.all(Kinds.deployment)) {
      if (isDeleting(deployment)) continue;
      changed = (await this.sync(deployment)) || changed;
    }
    return changed;
  }

  private async sync(deployment: KubeObject): Promise<boolean> {
    const { api } = this.context;
    const hash = templateHash(mapAt(deployment, 'spec', 'template'));
    const owned = api.all(Kinds.replicaSet, deployment.metadata.namespace).filter((rs) => isControlledBy(rs, deployment));
    const desired = replicasOf(deployment);
    let changed = false;
    const current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    if (!current) {
      const revision = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))) + 1;
      await api.create(newReplicaSet(deployment, hash, desired, revision));
      changed = true;
    } else if (replicasOf(current) !== desired) {
      await api.update({ ...clone(current), spec: { ...(current['spec'] as object), replicas: desired } });
      changed = true;
    }
    for (const old of owned) {
      if (old === current || isDeleting(old) || replicasOf(old) === 0) continue;
      await api.update({ ...clone(old), spec: { ...(old['spec'] as object), replicas: 0 } });
      changed = true;
    }
    return changed;
  }
}

function newReplicaSet(deployment: KubeObject, hash: string, replicas: number, revision: number): KubeObject {
  const spec = deployment['spec'] as { selector: { matchLabels?: Record<string, string> }; template: { metadata?: { labels?: Record<string, string> } } };
  const template = clone(spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace as string,
      labels: { ...spec.template.metadata?.labels, 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': String(revision), 'deployment.kubernetes.io/desired-replicas': String(replicas) },
      ownerReferences: [controllerRef(deployment)],
    },
    spec: {
      replicas,
      selector: { ...clone(spec.selector), matchLabels: { ...spec.selector.matchLabels, 'pod-template-hash': hash } },
      template,
    },
  };
}

/** ReplicaSets: as many pods (`<replicaset>-<random>`) as replicas; extra pods go, not-ready and newest first. */
export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    const { api, config } = this.context;
    let changed = false;
    for (const rs of api.all(Kinds.replicaSet)) {
      if (isDeleting(rs)) continue;
      const pods = podsOf(api, rs).filter((pod) => !isDeleting(pod));
      const desired = replicasOf(rs);
      for (let i = pods.length; i < desired; i++) {
        const name = `${rs.metadata.name}-${randomSuffix()}`;
        await api.create(podFromTemplate({ namespace: rs.metadata.namespace as string, name, owner: rs, template: mapAt(rs, 'spec', 'template'), node: config.node }));
        changed = true;
      }
      const extra = pods
        .sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))
        .slice(0, Math.max(0, pods.length - desired));
      for (const pod of extra) {
        await api.delete({ apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace as string, name: pod.metadata.name });
        changed = true;
      }
    }
    return changed;
  }
}
