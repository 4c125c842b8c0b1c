import { type KubeObject, refOf } from '../../model/kube-object';
import { PlatformError } from '../../platform.errors';
import type { LabType } from '../types/builtin-types';
import { type JsonMap, clone, deepEqual, isMap, listAt, mapAt, stringAt } from '../util/json-value';
import { quantityValue } from './names';

type Rule = (live: JsonMap, next: JsonMap) => string[];

const at = (value: unknown, path: string): unknown => path.split('.').reduce<unknown>((current, key) => (isMap(current) ? current[key] : undefined), value);
const changed = (live: JsonMap, next: JsonMap, ...paths: string[]): string[] => paths.filter((path) => !deepEqual(at(live, path), at(next, path)));

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
const PV_SOURCES = ['hostPath', 'local', 'nfs', 'csi', 'iscsi', 'fc', 'cephfs', 'rbd', 'azureFile', 'azureDisk', 'gcePersistentDisk', 'awsElasticBlockStore', 'vsphereVolume'];

const RULES: Record<string, Rule> = {
  '|PersistentVolumeClaim': (live, next) => {
    const strip = (object: JsonMap): JsonMap => {
      const spec = clone(mapAt(object, 'spec') ?? {});
      delete (spec['resources'] as JsonMap | undefined)?.['requests'];
      delete spec['volumeAttributesClassName'];
      if (stringAt(live, 'spec', 'volumeName') === undefined) delete spec['volumeName'];
      return spec;
    };
    const [a, b] = [strip(live), strip(next)];
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !deepEqual(a[key], b[key])).map((key) => `spec.${key}`);
  },
  'apps|Deployment': (live, next) => changed(live, next, 'spec.selector'),
  'apps|ReplicaSet': (live, next) => changed(live, next, 'spec.selector'),
  'apps|DaemonSet': (live, next) => changed(live, next, 'spec.selector'),
  'apps|StatefulSet': (live, next) => {
    const keys = new Set([...Object.keys(mapAt(live, 'spec') ?? {}), ...Object.keys(mapAt(next, 'spec') ?? {})]);
    return [...keys].filter((key) => !STATEFULSET_MUTABLE.includes(key)).flatMap((key) => changed(live, next, `spec.${key}`));
  },
  'apps|ControllerRevision': (live, next) => changed(live, next, 'data', 'revision'),
  'batch|Job': (live, next) => changed(live, next, 'spec.selector', 'spec.template', 'spec.completionMode'),
  '|Service': (live, next) => {
    if (stringAt(next, 'spec', 'type') === 'ExternalName' || stringAt(live, 'spec', 'clusterIP') === undefined) return [];
    return changed(live, next, 'spec.clusterIP');
  },
  '|PersistentVolume': (live, next) => changed(live, next, ...PV_SOURCES.map((source) => `spec.${source}`), 'spec.volumeMode', 'spec.nodeAffinity'),
  '|ConfigMap': (live, next) => (live['immutable'] === true ? changed(live, next, 'data', 'binaryData', 'immutable') : []),
  '|Secret': (live, next) => [...changed(live, next, 'type'), ...(live['immutable'] === true ? changed(live, next, 'data', 'immutable') : [])],
  'rbac.authorization.k8s.io|RoleBinding': (live, next) => changed(live, next, 'roleRef'),
  'rbac.authorization.k8s.io|ClusterRoleBinding': (live, next) => changed(live, next, 'roleRef'),
  'storage.k8s.io|StorageClass': (live, next) => changed(live, next, 'provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'),
  'apiextensions.k8s.io|CustomResourceDefinition': (live, next) => changed(live, next, 'spec.group', 'spec.scope'),
  '|Pod': (live, next) => {
    const strip = (object: JsonMap): JsonMap => {
      const spec = clone(mapAt(object, 'spec') ?? {});
      for (const list of ['containers', 'initContainers']) for (const container of listAt(spec, list)) if (isMap(container)) delete container['image'];
      delete spec['activeDeadlineSeconds'];
      delete spec['tolerations'];
      return spec;
    };
    return deepEqual(strip(live), strip(next)) ? [] : ['spec'];
  },
};

const WHY: Record<string, string> = {
  'apps|StatefulSet': " (a StatefulSet's spec may change only in replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds)",
  '|PersistentVolumeClaim': " (a claim's spec may change only in resources.requests once created)",
  '|ConfigMap': ' (the ConfigMap is marked immutable: delete and recreate it to change it)',
  '|Secret': ' (a Secret marked immutable, and the type of any Secret, cannot change: delete and recreate it)',
  '|Pod': ' (a pod may change only its containers\' images, activeDeadlineSeconds and tolerations)',
};

/**
 * Refuses an update that changes a field Kubernetes does not let change after creation: `Immutable` naming the
 * field(s) and what to do instead. A claim's storage request may grow, never shrink (`Invalid`).
 */
export function checkImmutable(live: KubeObject, next: KubeObject, type: LabType): void {
  const key = `${type.group}|${type.kind}`;
  const fields = RULES[key]?.(live as JsonMap, next as JsonMap) ?? [];
  if (fields.length > 0) {
    throw new PlatformError('Immutable', `${fields.map((field) => `${field}: field is immutable`).join('; ')}${WHY[key] ?? ''}`, { ref: refOf(next) });
  }
  if (key === '|PersistentVolumeClaim') {
    const before = quantityValue(at(live, 'spec.resources.requests.storage'));
    const after = quantityValue(at(next, 'spec.resources.requests.storage'));
    if (after < before) {
      throw new PlatformError('Invalid', `is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value (${String(at(live, 'spec.resources.requests.storage'))})`, { ref: refOf(next) });
    }
  }
}
