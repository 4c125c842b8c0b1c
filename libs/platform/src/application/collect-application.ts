import { NotFoundError } from '@tandem/contracts';
import { groupOf, refOf, type KubeObject, type ResourceType } from '../model/kube-object';
import { matchesSelector } from '../model/label-selector';
import type { Platform } from '../platform.port';
import { assertValidSelection, hasRequirements, selectionExcludes, type ApplicationSelection } from './application-selection';
import { collectClusterDependencies } from './collect-cluster-dependencies';
import { OwnershipIndex } from './derived-objects';
import { distinctTypes, KubeKinds } from './kube-kinds';
import { neverMigratedObject, neverMigratedType } from './never-migrated.table';
import { sortedObjects, sortedSkipped } from './object-order';
import { typeOf } from './read-site';
import type { SkippedObject } from './skipped-object';

/** An application as read from its source site, before sanitising. */
export interface CollectedApplication {
  /** The namespaces the selection chose, sorted. */
  namespaces: string[];
  /** Every object to migrate, as read, in a deterministic order (group, kind, namespace, name). */
  objects: KubeObject[];
  /** Objects read and left out, each with the reason. Types never migrated are not read, so not listed here. */
  skipped: SkippedObject[];
}

/**
 * Reads an application from a site: every namespaced type the site serves with the `list` verb, in the chosen
 * namespaces, narrowed by the selection; without what controllers derive from it (see `OwnershipIndex`) and what is
 * never migrated (`NEVER_MIGRATED_TYPES`, `NEVER_MIGRATED_OBJECTS`); plus the Namespace objects and the
 * cluster-scoped objects the application needs (`collectClusterDependencies`).
 */
export async function collectApplication(platform: Platform, selection: ApplicationSelection): Promise<CollectedApplication> {
  assertValidSelection(selection);
  const types = distinctTypes(await platform.discover());
  const namespaceObjects = await chooseNamespaces(platform, types, selection);
  const namespaces = namespaceObjects.map((namespace) => namespace.metadata.name);

  const listed = types.filter((type) => type.namespaced && type.verbs.includes('list') && (neverMigratedType(type)?.listed ?? true));
  const read: KubeObject[] = [];
  for (const namespace of namespaces) {
    read.push(...(await Promise.all(listed.map((type) => platform.list(type, { namespace })))).flat());
  }

  const ownership = new OwnershipIndex(read);
  const selected: KubeObject[] = [];
  const skipped: SkippedObject[] = [];
  for (const object of read) {
    const reason = ownership.derivedReason(object) ?? neverMigratedType({ group: groupOf(object.apiVersion), kind: object.kind })?.reason ?? neverMigratedObject(object)?.reason ?? selectionExcludes(object, selection);
    if (reason === undefined) selected.push(object);
    else skipped.push({ ref: refOf(object), reason });
  }

  const dependencies = await collectClusterDependencies(platform, types, selected);
  return {
    namespaces,
    objects: sortedObjects([...namespaceObjects, ...selected, ...dependencies.objects]),
    skipped: sortedSkipped([...skipped, ...dependencies.skipped]),
  };
}

/** The Namespace objects named by the selection or matching its namespaceSelector, sorted by name. */
async function chooseNamespaces(platform: Platform, types: readonly ResourceType[], selection: ApplicationSelection): Promise<KubeObject[]> {
  const all = await platform.list(typeOf(types, KubeKinds.namespace));
  const byName = new Map(all.map((namespace) => [namespace.metadata.name, namespace]));
  const missing = selection.namespaces.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw new NotFoundError(`namespace ${missing.map((name) => `"${name}"`).join(', ')} does not exist on site ${platform.site}; create it there or take it out of the selection`, {
      code: 'namespace-not-found',
    });
  }
  const chosen = new Set(selection.namespaces);
  if (hasRequirements(selection.namespaceSelector)) {
    for (const namespace of all) if (matchesSelector(namespace.metadata.labels, selection.namespaceSelector)) chosen.add(namespace.metadata.name);
  }
  return sortedObjects([...chosen].map((name) => byName.get(name)).filter((namespace): namespace is KubeObject => namespace !== undefined));
}
