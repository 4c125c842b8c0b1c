import type { KubeObject } from '../../model/kube-object';
import type { WorkloadStatus } from '../../platform.port';
import type { ObjectApi } from '../api/object-api';
import { kubeTime } from '../api/object-meta';
import { Kinds } from '../types/builtin-types';
import { isMap, listAt, mapAt } from '../util/json-value';
import { type Controller, type ControllerContext, isControlledBy, isDeleting, isPodReady, podsOf, replicasOf, templateHash } from './controller-context';
import { daemonSetRunsOnNode } from './daemon-set.controller';

/** Kubernetes omits zero counts from workload status (`omitempty`). */
const counts = (fields: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(fields).filter(([, n]) => n !== 0));

/** Pods of a workload: a Deployment's are its ReplicaSets'. */
export function workloadPods(api: ObjectApi, workload: KubeObject): KubeObject[] {
  if (workload.kind !== 'Deployment') return podsOf(api, workload);
  return api
    .all(Kinds.replicaSet, workload.metadata.namespace)
    .filter((rs) => isControlledBy(rs, workload))
    .flatMap((rs) => podsOf(api, rs));
}

/** Replicas asked for, pods that exist (terminating ones too) and pods ready, as `Platform.workloadStatus` reports. */
export function workloadCounts(api: ObjectApi, workload: KubeObject, nodeLabels: Record<string, string>): WorkloadStatus {
  const pods = workloadPods(api, workload);
  const desired = workload.kind === 'DaemonSet' ? (daemonSetRunsOnNode(workload, nodeLabels) ? 1 : 0) : replicasOf(workload);
  return { desired, current: pods.length, ready: pods.filter((pod) => !isDeleting(pod) && isPodReady(pod)).length };
}

/** Keeps the status of Deployments, ReplicaSets, StatefulSets and DaemonSets in step with their pods. */
export class WorkloadStatusController implements Controller {
  readonly name = 'workload-status';

  constructor(private readonly context: ControllerContext) {}

  async reconcile(): Promise<boolean> {
    const { api } = this.context;
    for (const rs of api.all(Kinds.replicaSet)) await api.setStatus(rs, this.replicaSetStatus(rs));
    for (const deployment of api.all(Kinds.deployment)) await api.setStatus(deployment, this.deploymentStatus(deployment));
    for (const sts of api.all(Kinds.statefulSet)) await api.setStatus(sts, this.statefulSetStatus(sts));
    for (const ds of api.all(Kinds.daemonSet)) await api.setStatus(ds, this.daemonSetStatus(ds));
    return false;
  }

  private replicaSetStatus(rs: KubeObject): unknown {
    const pods = podsOf(this.context.api, rs).filter((pod) => !isDeleting(pod));
    const ready = pods.filter(isPodReady).length;
    return { ...counts({ replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready }), replicas: pods.length, observedGeneration: rs.metadata.generation };
  }

  private deploymentStatus(deployment: KubeObject): unknown {
    const { api } = this.context;
    const pods = workloadPods(api, deployment).filter((pod) => !isDeleting(pod));
    const hash = templateHash(mapAt(deployment, 'spec', 'template'));
    const ready = pods.filter(isPodReady).length;
    const desired = replicasOf(deployment);
    const previous = listAt(deployment, 'status', 'conditions').filter(isMap);
    const available = ready >= desired;
    return {
      observedGeneration: deployment.metadata.generation,
      ...counts({ replicas: pods.length, updatedReplicas: pods.filter((pod) => pod.metadata.labels?.['pod-template-hash'] === hash).length, readyReplicas: ready, availableReplicas: ready, unavailableReplicas: Math.max(0, desired - ready) }),
      conditions: [
        condition(previous, 'Available', available, available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.'),
        condition(previous, 'Progressing', true, 'NewReplicaSetAvailable', `ReplicaSet "${deployment.metadata.name}-${hash}" has successfully progressed.`),
      ],
    };
  }

  private statefulSetStatus(sts: KubeObject): unknown {
    const pods = podsOf(this.context.api, sts).filter((pod) => !isDeleting(pod));
    const revision = `${sts.metadata.name}-${templateHash(mapAt(sts, 'spec', 'template'))}`;
    const updated = pods.filter((pod) => pod.metadata.labels?.['controller-revision-hash'] === revision).length;
    const ready = pods.filter(isPodReady).length;
    return {
      observedGeneration: sts.metadata.generation,
      replicas: pods.length,
      ...counts({ readyReplicas: ready, availableReplicas: ready, currentReplicas: updated, updatedReplicas: updated }),
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    };
  }

  private daemonSetStatus(ds: KubeObject): unknown {
    const pods = podsOf(this.context.api, ds).filter((pod) => !isDeleting(pod));
    const desired = daemonSetRunsOnNode(ds, this.context.config.nodeLabels) ? 1 : 0;
    const ready = pods.filter(isPodReady).length;
    return {
      currentNumberScheduled: Math.min(pods.length, desired),
      desiredNumberScheduled: desired,
      numberMisscheduled: Math.max(0, pods.length - desired),
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      ...counts({ numberAvailable: ready, updatedNumberScheduled: pods.length, numberUnavailable: Math.max(0, desired - ready) }),
    };
  }
}

function condition(previous: Record<string, unknown>[], type: string, ok: boolean, reason: string, message: string): Record<string, unknown> {
  const status = ok ? 'True' : 'False';
  const before = previous.find((c) => c['type'] === type);
  const since = before && before['status'] === status ? before['lastTransitionTime'] : kubeTime();
  return { type, status, reason, message, lastUpdateTime: before && before['status'] === status ? before['lastUpdateTime'] : since, lastTransitionTime: since };
}
