import type { KubeObject } from '../model/kube-object';
import { cloneJson } from '../model/json-value';

/** Metadata the API server writes (or that names the object's place on its current site); never sent back. */
const SERVER_SET_METADATA = [
  'uid',
  'resourceVersion',
  'managedFields',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
  'generateName',
  'ownerReferences',
  'finalizers',
] as const;

/**
 * A copy of `object` fit to be sent to `Platform.apply`: without the metadata the server sets and without
 * `status`. Everything else is kept, so that applying it declares the whole object as it is.
 */
export function toApplyable(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  const copy = cloneJson(rest) as KubeObject;
  for (const field of SERVER_SET_METADATA) delete copy.metadata[field];
  return copy;
}
