import { type KubeObject } from '../../model/kube-object';
import type { LabType } from '../types/builtin-types';
import { type JsonMap, isMap, listAt, mapAt } from '../util/json-value';

export interface DefaultsContext {
  /** True when the object is being created (admission defaults such as a claim's storage class apply then). */
  creating: boolean;
  /** The site's default StorageClass, if any. */
  defaultStorageClass: string | undefined;
  /** The uid the object has (or gets), for Jobs' generated selectors. */
  uid: string;
}

const setDefault = (map: JsonMap, field: string, value: unknown): void => {
  if (map[field] === undefined || map[field] === null) map[field] = value;
};

const ensureMap = (map: JsonMap, field: string): JsonMap => {
  if (!isMap(map[field])) map[field] = {};
  return map[field] as JsonMap;
};

/**
 * The defaults the API server fills in (SetDefaults_* and the admission plugins that matter here), so that
 * what a lab site stores and returns looks like what a Kubernetes API server would. Changes `object` in place.
 */
export function applyDefaults(object: KubeObject, type: LabType, context: DefaultsContext): void {
  if (type.crd !== undefined) return;
  const spec = isMap(object['spec']) ? (object['spec'] as JsonMap) : undefined;
  switch (`${type.group}|${type.kind}`) {
    case '|Namespace':
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name };
      setDefault(ensureMap(object, 'spec'), 'finalizers', ['kubernetes']);
      return;
    case '|Secret':
      setDefault(object, 'type', 'Opaque');
      if (isMap(object['stringData'])) {
        const data = ensureMap(object, 'data');
        for (const [key, value] of Object.entries(object['stringData'])) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
        delete object['stringData'];
      }
      return;
    case '|Service':
      if (spec) defaultService(spec);
      return;
    case '|PersistentVolumeClaim':
      if (!spec) return;
      setDefault(spec, 'volumeMode', 'Filesystem');
      if (context.creating && spec['storageClassName'] === undefined && spec['volumeName'] === undefined && context.defaultStorageClass) spec['storageClassName'] = context.defaultStorageClass;
      if (context.creating) object.metadata.finalizers = [...new Set([...(object.metadata.finalizers ?? []), 'kubernetes.io/pvc-protection'])];
      return;
    case '|PersistentVolume':
      if (!spec) return;
      setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
      setDefault(spec, 'volumeMode', 'Filesystem');
      if (context.creating) object.metadata.finalizers = [...new Set([...(object.metadata.finalizers ?? []), 'kubernetes.io/pv-protection'])];
      return;
    case '|Pod':
      if (spec) defaultPodSpec(spec, true);
      return;
    case 'apps|Deployment':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'strategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      defaultTemplate(spec, true);
      return;
    case 'apps|ReplicaSet':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      defaultTemplate(spec, true);
      return;
    case 'apps|StatefulSet':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
      for (const claim of listAt(spec, 'volumeClaimTemplates')) if (isMap(claim) && isMap(claim['spec'])) setDefault(claim['spec'] as JsonMap, 'volumeMode', 'Filesystem');
      defaultTemplate(spec, true);
      return;
    case 'apps|DaemonSet':
      if (!spec) return;
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec, true);
      return;
    case 'batch|Job':
      if (spec) defaultJobSpec(spec, context);
      return;
    case 'batch|CronJob':
      if (!spec) return;
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      if (isMap(mapAt(spec, 'jobTemplate', 'spec'))) defaultTemplate(mapAt(spec, 'jobTemplate', 'spec') as JsonMap, false);
      return;
    case 'storage.k8s.io|StorageClass':
      setDefault(object, 'reclaimPolicy', 'Delete');
      setDefault(object, 'volumeBindingMode', 'Immediate');
      return;
    default:
      return;
  }
}

function defaultService(spec: JsonMap): void {
  setDefault(spec, 'type', 'ClusterIP');
  if (spec['type'] === 'ExternalName') return;
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  setDefault(spec, 'ipFamilies', ['IPv4']);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  if (spec['type'] === 'NodePort' || spec['type'] === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  for (const port of listAt(spec, 'ports')) {
    if (!isMap(port)) continue;
    setDefault(port, 'protocol', 'TCP');
    if (typeof port['port'] === 'number' && port['port'] >= 1 && port['port'] <= 65535) setDefault(port, 'targetPort', port['port']);
  }
}

function defaultJobSpec(spec: JsonMap, context: DefaultsContext): void {
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'completions', 1);
  setDefault(spec, 'backoffLimit', 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  if (spec['manualSelector'] !== true && spec['selector'] === undefined && context.creating) {
    spec['selector'] = { matchLabels: { 'batch.kubernetes.io/controller-uid': context.uid } };
    const metadata = ensureMap(ensureMap(spec, 'template'), 'metadata');
    metadata['labels'] = { ...(mapAt(metadata, 'labels') ?? {}), 'batch.kubernetes.io/controller-uid': context.uid, 'controller-uid': context.uid };
  }
  defaultTemplate(spec, false);
}

function defaultTemplate(spec: JsonMap, alwaysRestart: boolean): void {
  const podSpec = mapAt(spec, 'template', 'spec');
  if (podSpec) defaultPodSpec(podSpec, alwaysRestart);
}

function defaultPodSpec(spec: JsonMap, alwaysRestart: boolean): void {
  if (alwaysRestart) setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  for (const list of ['initContainers', 'containers']) {
    for (const container of listAt(spec, list)) {
      if (!isMap(container)) continue;
      setDefault(container, 'terminationMessagePath', '/dev/termination-log');
      setDefault(container, 'terminationMessagePolicy', 'File');
      const image = typeof container['image'] === 'string' ? container['image'] : '';
      setDefault(container, 'imagePullPolicy', /:latest$/.test(image) || !/:[^/]+$/.test(image) ? 'Always' : 'IfNotPresent');
      for (const port of listAt(container, 'ports')) if (isMap(port)) setDefault(port, 'protocol', 'TCP');
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const value = container[probe];
        if (!isMap(value)) continue;
        setDefault(value, 'timeoutSeconds', 1);
        setDefault(value, 'periodSeconds', 10);
        setDefault(value, 'successThreshold', 1);
        setDefault(value, 'failureThreshold', 3);
      }
    }
  }
}
