import { groupOf, type KubeObject, type ObjectRef } from '../model/kube-object';
import type { SkippedObject } from './skipped-object';

/** Orders refs by group, kind, namespace (cluster-scoped first) and name: the deterministic order of every list. */
export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    compareText(groupOf(a.apiVersion), groupOf(b.apiVersion)) ||
    compareText(a.kind, b.kind) ||
    compareText(a.namespace ?? '', b.namespace ?? '') ||
    compareText(a.name, b.name)
  );
}

export function compareObjects(a: KubeObject, b: KubeObject): number {
  return compareRefs(
    { apiVersion: a.apiVersion, kind: a.kind, name: a.metadata.name, namespace: a.metadata.namespace },
    { apiVersion: b.apiVersion, kind: b.kind, name: b.metadata.name, namespace: b.metadata.namespace },
  );
}

export function sortedObjects(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects].sort(compareObjects);
}

export function sortedSkipped(skipped: readonly SkippedObject[]): SkippedObject[] {
  return [...skipped].sort((a, b) => compareRefs(a.ref, b.ref));
}

/** Code-point order, the same on every machine (unlike `localeCompare`). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
