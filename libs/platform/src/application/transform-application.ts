import { InvalidInputError } from '@tandem/contracts';
import { describeRef, refKey, refOf, type KubeObject } from '../model/kube-object';
import { isKind, KubeKinds } from './kube-kinds';
import { mapNamespaces } from './map-namespaces';
import { mapStorageClasses } from './map-storage-classes';
import type { SkippedObject } from './skipped-object';
import type { TransformOptions } from './transform-options';
import { applyTransformRules } from './transform-rules';
import { assertValidTransformOptions } from './validate-transform-options';

export interface TransformedApplication {
  objects: KubeObject[];
  /** StorageClasses mapped away: the destination has its own. */
  skipped: SkippedObject[];
}

/**
 * Makes the objects fit the destination: namespace mapping, then StorageClass mapping, then the user's rules (which
 * therefore see destination names). Throws an `InvalidInputError` listing every problem of invalid options, a
 * `TransformRuleError` listing every failed patch, or an `InvalidInputError` when two objects end up with the same
 * name. The input is not changed.
 */
export function transformApplication(objects: readonly KubeObject[], options: TransformOptions): TransformedApplication {
  assertValidTransformOptions(options);
  const namespaceMapping = options.namespaceMapping ?? {};
  const storageClassMapping = options.storageClassMapping ?? {};
  const kept: KubeObject[] = [];
  const skipped: SkippedObject[] = [];
  for (const object of objects) {
    if (isKind(object, KubeKinds.storageClass) && Object.prototype.hasOwnProperty.call(storageClassMapping, object.metadata.name)) {
      skipped.push({ ref: refOf(object), reason: `mapped to StorageClass "${storageClassMapping[object.metadata.name]}" of the destination` });
      continue;
    }
    kept.push(mapStorageClasses(mapNamespaces(object, namespaceMapping), storageClassMapping));
  }
  const transformed = applyTransformRules(kept, options.rules ?? []);
  assertDistinct(transformed);
  return { objects: transformed, skipped };
}

function assertDistinct(objects: readonly KubeObject[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const object of objects) {
    const key = refKey(refOf(object));
    if (seen.has(key)) duplicates.add(describeRef(refOf(object)));
    seen.add(key);
  }
  if (duplicates.size > 0) {
    throw new InvalidInputError(`after transforming, more than one object is named ${[...duplicates].join(', ')}; map the source namespaces to distinct destination namespaces`, {
      code: 'invalid-transform-options',
    });
  }
}
