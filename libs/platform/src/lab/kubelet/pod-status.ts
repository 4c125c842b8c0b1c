import type { KubeObject } from '../../model/kube-object';
import { DOMAIN_FENCED_REASON } from '../admission/stretched-volume.fence';
import { kubeTime } from '../api/object-meta';
import { isMap, listAt, stringAt } from '../util/json-value';
import type { PodRuntime } from './pod-runtime';

const NODE_IP = '127.0.0.1';
const NOT_RUN_IN_LAB = 'NotRunInLab';

/**
 * The status a kubelet reports for a pod from what it knows of the pod's process: phase, conditions and
 * container statuses (the first container's from its process; the others are reported as not run, since the
 * lab runs only a pod's first container).
 */
export function podStatus(pod: KubeObject, runtime: PodRuntime, backoffMs: number): Record<string, unknown> {
  const { record } = runtime;
  const running = runtime.running;
  const ready = running && runtime.ready;
  const restartPolicy = stringAt(pod, 'spec', 'restartPolicy') ?? 'Always';
  const phase = record.finished
    ? record.lastTermination?.exitCode === 0
      ? 'Succeeded'
      : 'Failed'
    : running || (record.startedAt !== undefined && restartPolicy !== 'Never')
      ? 'Running'
      : 'Pending';
  const previous = listAt(pod, 'status', 'conditions').filter(isMap);
  const containers = listAt(pod, 'spec', 'containers').filter(isMap);
  const statuses = containers.map((container, i) => {
    const base = { name: String(container['name']), image: String(container['image'] ?? ''), imageID: '' };
    if (i > 0) return { ...base, ready: false, started: false, restartCount: 0, state: { waiting: { reason: NOT_RUN_IN_LAB, message: 'the lab runs only the first container of a pod' } } };
    return {
      ...base,
      ready,
      started: running,
      restartCount: record.restartCount,
      ...(running ? { containerID: `lab://${record.pid}` } : {}),
      state: containerState(pod, runtime, running, backoffMs),
      lastState: record.lastTermination && !record.finished ? { terminated: record.lastTermination } : {},
    };
  });
  return {
    phase,
    conditions: [
      condition(previous, 'PodReadyToStartContainers', record.startedAt !== undefined || running, fenced(runtime)),
      condition(previous, 'Initialized', true),
      condition(previous, 'Ready', ready),
      condition(previous, 'ContainersReady', ready),
      condition(previous, 'PodScheduled', true),
    ],
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    podIP: NODE_IP,
    podIPs: [{ ip: NODE_IP }],
    ...(record.firstStartedAt ? { startTime: record.firstStartedAt } : {}),
    containerStatuses: statuses,
    qosClass: 'BestEffort',
  };
}

function containerState(pod: KubeObject, runtime: PodRuntime, running: boolean, backoffMs: number): Record<string, unknown> {
  const { record } = runtime;
  if (running) return { running: { startedAt: record.startedAt } };
  if (record.finished && record.lastTermination) return { terminated: record.lastTermination };
  if (runtime.waiting) return { waiting: runtime.waiting };
  if (record.lastTermination) {
    const container = String(listAt(pod, 'spec', 'containers').filter(isMap)[0]?.['name'] ?? '');
    return { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(backoffMs / 1000)}s restarting failed container=${container} pod=${pod.metadata.name}_${pod.metadata.namespace}` } };
  }
  return { waiting: { reason: 'ContainerCreating' } };
}

/** The domain fence keeping the container from starting, shown on the pod's conditions too. */
function fenced(runtime: PodRuntime): { reason: string; message: string } | undefined {
  return !runtime.running && runtime.waiting?.reason === DOMAIN_FENCED_REASON ? runtime.waiting : undefined;
}

function condition(previous: Record<string, unknown>[], type: string, ok: boolean, why?: { reason: string; message: string }): Record<string, unknown> {
  const status = ok && why === undefined ? 'True' : 'False';
  const before = previous.find((c) => c['type'] === type);
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: before && before['status'] === status ? before['lastTransitionTime'] : kubeTime(),
    ...(why ? { reason: why.reason, message: why.message } : {}),
  };
}
