import { type KubeObject, refOf } from '../../model/kube-object';
import { PlatformError } from '../../platform.errors';
import { type JsonMap, clone, deepEqual } from '../util/json-value';
import { type FieldOptions, type FieldPath, describePath, fieldPaths, mergeInto, overlaps, pathKey, removeAt, sameAt, valueAt } from './field-set';
import { type Ownership, describeOwner, sameOwner } from './managed-fields';

/** Metadata the site sets, never owned by a manager. */
const SERVER_METADATA = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink'];

export interface ApplyInput {
  live: KubeObject | undefined;
  applied: KubeObject;
  owners: readonly Ownership[];
  manager: string;
  force: boolean;
  /** `status` is a subresource of the type: an apply does not set it. */
  statusSubresource: boolean;
  fieldOptions: FieldOptions;
  now: string;
}

export interface ApplyOutput {
  object: KubeObject;
  owners: Ownership[];
}

/** The part of an applied object its manager owns: everything but identity, server metadata and (usually) status. */
export function appliedConfiguration(applied: KubeObject, statusSubresource: boolean): JsonMap {
  const { apiVersion: _v, kind: _k, metadata, ...rest } = clone(applied);
  const config: JsonMap = rest;
  if (statusSubresource) delete config['status'];
  const ownedMetadata: JsonMap = { ...metadata };
  for (const field of SERVER_METADATA) delete ownedMetadata[field];
  if (Object.keys(ownedMetadata).length > 0) config['metadata'] = ownedMetadata;
  return config;
}

/**
 * Server-side apply of `applied` by `manager` over `live`, as Kubernetes does it (simplified): a field another
 * manager owns with another value is a `Conflict` unless `force` (which takes it over); fields this manager set
 * before and no longer sends are removed unless someone else owns them; everything else is kept.
 */
export function serverSideApply(input: ApplyInput): ApplyOutput {
  const { live, applied, manager, force, fieldOptions } = input;
  const config = appliedConfiguration(applied, input.statusSubresource);
  const paths = fieldPaths(config, fieldOptions);
  const me: Pick<Ownership, 'manager' | 'operation'> = { manager, operation: 'Apply' };
  let others = input.owners.filter((owner) => !sameOwner(owner, me));
  const previous = input.owners.find((owner) => sameOwner(owner, me));

  const base: JsonMap = live ? clone(live) : { metadata: { name: applied.metadata.name, ...(applied.metadata.namespace === undefined ? {} : { namespace: applied.metadata.namespace }) } };
  if (live) {
    const liveView = appliedView(live);
    const conflicts = findConflicts(paths, others, config, liveView);
    if (conflicts.length > 0 && !force) throw conflictError(applied, conflicts);
    if (force) others = others.map((owner) => ({ ...owner, paths: owner.paths.filter((owned) => !conflicts.some((c) => c.owner === owner && overlaps(owned, c.path))) }));
    removeDropped(base, previous?.paths ?? [], paths, others);
  }

  mergeInto(base, config, fieldOptions);
  base['apiVersion'] = applied.apiVersion;
  base['kind'] = applied.kind;
  const object = { apiVersion: applied.apiVersion, kind: applied.kind, ...base } as KubeObject;
  const unchanged = previous !== undefined && deepEqual(previous.paths.map(pathKey).sort(), paths.map(pathKey).sort());
  const mine: Ownership = { ...me, apiVersion: applied.apiVersion, time: unchanged ? previous.time : input.now, paths };
  return { object, owners: replaceOwner(input.owners, others, mine) };
}

/** The owners after a write: `others` (updated) and `mine` where it was before (appended when new), empty ones dropped. */
function replaceOwner(before: readonly Ownership[], others: readonly Ownership[], mine: Ownership): Ownership[] {
  const updated = new Map(others.map((owner) => [`${owner.manager}|${owner.operation}|${owner.subresource ?? ''}`, owner]));
  const key = (owner: Ownership): string => `${owner.manager}|${owner.operation}|${owner.subresource ?? ''}`;
  const result = before.map((owner) => (sameOwner(owner, mine) ? mine : (updated.get(key(owner)) ?? owner)));
  if (!before.some((owner) => sameOwner(owner, mine))) result.push(mine);
  return result.filter((owner) => owner.paths.length > 0);
}

/** What a manager's paths are compared against: the live object's fields, server metadata aside. */
function appliedView(live: KubeObject): JsonMap {
  const { apiVersion: _v, kind: _k, ...rest } = live;
  return rest;
}

interface FieldConflict {
  owner: Ownership;
  path: FieldPath;
}

function findConflicts(paths: FieldPath[], others: readonly Ownership[], config: JsonMap, live: JsonMap): FieldConflict[] {
  const conflicts: FieldConflict[] = [];
  for (const path of paths) {
    if (path[path.length - 1] === '.' || sameAt(config, live, path)) continue;
    for (const owner of others) {
      const owned = owner.paths.find((candidate) => candidate[candidate.length - 1] !== '.' && overlaps(candidate, path));
      if (owned) conflicts.push({ owner, path: owned.length > path.length ? owned : path });
    }
  }
  return conflicts;
}

function removeDropped(base: JsonMap, before: readonly FieldPath[], now: readonly FieldPath[], others: readonly Ownership[]): void {
  const kept = new Set(now.map(pathKey));
  const ownedByOthers = (path: FieldPath): boolean => others.some((owner) => owner.paths.some((owned) => overlaps(owned, path)));
  const ownedByAnyone = (path: FieldPath): boolean => ownedByOthers(path) || now.some((owned) => overlaps(owned, path));
  const dropped = before.filter((path) => !kept.has(pathKey(path))).sort((a, b) => b.length - a.length);
  for (const path of dropped) {
    if (ownedByOthers(path) || now.some((owned) => owned.length > path.length && overlaps(owned, path))) continue;
    if (valueAt(base, path) !== undefined) removeAt(base, path, ownedByAnyone);
  }
}

function conflictError(applied: KubeObject, conflicts: FieldConflict[]): PlatformError {
  const unique = new Map(conflicts.map((c) => [`${describeOwner(c.owner)} ${describePath(c.path)}`, c]));
  const list = [...unique.values()].map((c) => `conflict with ${describeOwner(c.owner)}: ${describePath(c.path)}`);
  return new PlatformError(
    'Conflict',
    `apply failed with ${list.length} conflict${list.length === 1 ? '' : 's'}: ${list.join('; ')}. ` +
      'Apply with force to take these fields over, or leave them out of the applied object',
    { ref: refOf(applied) },
  );
}

/**
 * A non-apply write (a controller's, or the scale subresource's): the fields it changed move to `manager`'s
 * Update entry and away from everyone else, as in Kubernetes.
 */
export function recordUpdate(owners: readonly Ownership[], update: { manager: string; subresource?: string; apiVersion: string; now: string }, before: KubeObject | undefined, after: KubeObject, fieldOptions: FieldOptions, statusSubresource: boolean): Ownership[] {
  const afterConfig = appliedConfiguration(after, statusSubresource);
  const beforeConfig = before ? appliedConfiguration(before, statusSubresource) : {};
  const changed = fieldPaths(afterConfig, fieldOptions).filter((path) => !sameAt(afterConfig, beforeConfig, path));
  if (changed.length === 0) return [...owners];
  const me: Pick<Ownership, 'manager' | 'operation' | 'subresource'> = { manager: update.manager, operation: 'Update', ...(update.subresource ? { subresource: update.subresource } : {}) };
  const others = owners
    .filter((owner) => !sameOwner(owner, me))
    .map((owner) => ({ ...owner, paths: owner.paths.filter((owned) => !changed.some((path) => overlaps(owned, path) && owned[owned.length - 1] !== '.')) }));
  const previous = owners.find((owner) => sameOwner(owner, me))?.paths ?? [];
  const mine = new Map([...previous, ...changed].map((path) => [pathKey(path), path]));
  return replaceOwner(owners, others, { ...me, apiVersion: update.apiVersion, time: update.now, paths: [...mine.values()] });
}
