import { TANDEM_PREFIX } from '../model/annotations';
import type { KubeObject, ObjectMeta } from '../model/kube-object';
import { cloneJson } from '../model/json-value';

/**
 * How `applyApplication` writes an object. Sanitising marks with it the objects the destination already has and
 * keeps for itself (the `default` ServiceAccount of every namespace): `merge` applies only their labels,
 * annotations and `imagePullSecrets`, and server-side apply keeps everything else the destination set. The mark is
 * taken off before the object is written.
 */
export const APPLY_MODE_ANNOTATION = `${TANDEM_PREFIX}/apply-mode`;

export type ApplyMode = 'full' | 'merge';

export function applyModeOf(object: KubeObject): ApplyMode {
  return object.metadata.annotations?.[APPLY_MODE_ANNOTATION] === 'merge' ? 'merge' : 'full';
}

/** A copy of `object` with its apply mode set. */
export function withApplyMode(object: KubeObject, mode: ApplyMode): KubeObject {
  const annotations = { ...(object.metadata.annotations ?? {}) };
  if (mode === 'merge') annotations[APPLY_MODE_ANNOTATION] = 'merge';
  else delete annotations[APPLY_MODE_ANNOTATION];
  const metadata: ObjectMeta = { ...object.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  return { ...object, metadata };
}

/** What is applied of an object to merge: its identity, labels, annotations (without the mark) and imagePullSecrets. */
export function mergedPart(object: KubeObject): KubeObject {
  const { metadata } = withApplyMode(object, 'full');
  const part: KubeObject = { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: metadata.name } };
  if (metadata.namespace !== undefined) part.metadata.namespace = metadata.namespace;
  if (metadata.labels !== undefined) part.metadata.labels = { ...metadata.labels };
  if (metadata.annotations !== undefined) part.metadata.annotations = { ...metadata.annotations };
  if (object['imagePullSecrets'] !== undefined) part['imagePullSecrets'] = cloneJson(object['imagePullSecrets']);
  return part;
}
