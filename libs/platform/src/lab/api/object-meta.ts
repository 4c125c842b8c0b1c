import type { KubeObject } from '../../model/kube-object';
import type { LabType } from '../types/builtin-types';
import { clone, deepEqual, isMap } from '../util/json-value';

/** Now, as Kubernetes writes times in metadata and status: RFC 3339, whole seconds, UTC. */
export function kubeTime(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The status an object of `type` starts with, before any controller has looked at it. */
export function initialStatus(object: KubeObject, type: LabType): unknown {
  switch (`${type.group}|${type.kind}`) {
    case '|Namespace':
      return { phase: 'Active' };
    case '|PersistentVolumeClaim':
      return { phase: 'Pending' };
    case '|PersistentVolume':
      return { phase: 'Pending' };
    case '|Pod':
      return { phase: 'Pending', qosClass: 'BestEffort' };
    case '|Service':
      return { loadBalancer: {} };
    case 'apiextensions.k8s.io|CustomResourceDefinition': {
      const spec = isMap(object['spec']) ? object['spec'] : {};
      const now = kubeTime();
      return {
        acceptedNames: clone(spec['names'] ?? {}),
        conditions: [
          { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
          { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
        ],
        storedVersions: (Array.isArray(spec['versions']) ? spec['versions'] : []).filter((v) => isMap(v) && v['storage'] === true).map((v) => (v as { name: string }).name),
      };
    }
    default:
      return type.statusSubresource ? {} : undefined;
  }
}

/** Equal but for the times of managedFields entries (which change only when a manager's fields do). */
export function sameIgnoringTimes(a: KubeObject, b: KubeObject): boolean {
  const strip = (object: KubeObject): KubeObject => {
    const copy = clone(object);
    copy.metadata.managedFields = (copy.metadata.managedFields ?? []).map((entry) => (isMap(entry) ? { ...entry, time: '' } : entry));
    return copy;
  };
  return deepEqual(strip(a), strip(b));
}
