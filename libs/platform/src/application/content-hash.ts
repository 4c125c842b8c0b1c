import { createHash } from 'node:crypto';
import { Annotations } from '../model/annotations';
import type { KubeObject, ObjectMeta } from '../model/kube-object';
import { canonicalJson } from './canonical-json';

/**
 * SHA-256 (hex) of the canonical JSON of `object` as it will be applied, leaving out the two annotations that
 * would make it differ between migrations of the same content: the migration's name and the hash itself.
 */
export function contentHashOf(object: KubeObject): string {
  const annotations = { ...(object.metadata.annotations ?? {}) };
  delete annotations[Annotations.migration];
  delete annotations[Annotations.contentHash];
  const metadata: ObjectMeta = { ...object.metadata, annotations };
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  const hashed: KubeObject = { ...object, metadata };
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}
