import { InvalidInputError } from '@tandem/contracts';
import { Annotations, TANDEM_FIELD_MANAGER } from '../model/annotations';
import { groupOf, refKey, refOf, type KubeObject } from '../model/kube-object';
import { isPlatformError, PlatformError } from '../platform.errors';
import type { Platform } from '../platform.port';
import { sortForApply } from './apply-order';
import { desiredObject } from './desired-object';
import { groupKindKey, isCustomGroup, isKind, KubeKinds, type GroupKind } from './kube-kinds';
import { purgeDeletedResources } from './purge-deleted-resources';
import { failedOutcome, type ApplyReport, type ResourceOutcome } from './resource-outcome';
import { definedType, waitForServedTypes } from './wait-for-types';

export interface ApplyApplicationOptions {
  /** The migration's name, written in `Annotations.migration`. */
  migration: string;
  /** The site the objects come from, written in `Labels.migratedFrom` (a valid label value). */
  sourceSite: string;
  /** Let the workloads run; when false they are kept from running (see `deactivateWorkload`). */
  startApplications: boolean;
  /** Delete what an earlier migration from `sourceSite` wrote and this one no longer has. */
  purgeDeletedResources?: boolean;
  /** The destination namespaces of the application: the scope of purge. */
  namespaces: string[];
  /** Default `TANDEM_FIELD_MANAGER`. */
  fieldManager?: string;
  /**
   * Take over fields another field manager set on the destination (someone edited a migrated object there).
   * Default false: such an object fails with `Conflict`, naming the manager and the field, and is not changed.
   */
  forceConflicts?: boolean;
  /** How long to wait for the site to serve the types of the CRDs just applied (default 60 s). */
  crdEstablishedTimeoutMs?: number;
}

const DEFAULT_CRD_TIMEOUT_MS = 60_000;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Writes an application to a destination site (sanitised and transformed beforehand), one object at a time in
 * dependency order (`APPLY_ORDER`), by server-side apply (with `force` only when `forceConflicts`). CRDs go first; custom resources wait (bounded
 * by `crdEstablishedTimeoutMs`) until the site serves their types. An object whose destination copy carries the
 * same content hash is not written. A `PlatformError` on one object is reported for it and the others go on; any
 * other error is thrown. With `purgeDeletedResources`, what this migration no longer has is deleted afterwards.
 */
export async function applyApplication(platform: Platform, objects: readonly KubeObject[], options: ApplyApplicationOptions): Promise<ApplyReport> {
  assertValidApplyOptions(options);
  const fieldManager = options.fieldManager ?? TANDEM_FIELD_MANAGER;
  const resources: ResourceOutcome[] = [];
  const ordered = sortForApply(objects);

  const crds = ordered.filter((object) => isKind(object, KubeKinds.customResourceDefinition));
  const definedKinds: GroupKind[] = [];
  for (const crd of crds) {
    const outcome = await write(platform, crd, options, fieldManager);
    resources.push(outcome);
    const defined = definedType(crd);
    if (outcome.outcome !== 'failed' && defined !== undefined) definedKinds.push(defined);
  }
  const timeoutMs = options.crdEstablishedTimeoutMs ?? DEFAULT_CRD_TIMEOUT_MS;
  const notServed = new Set((definedKinds.length === 0 ? [] : await waitForServedTypes(platform, definedKinds, timeoutMs)).map(groupKindKey));

  for (const object of ordered) {
    if (isKind(object, KubeKinds.customResourceDefinition)) continue;
    const group = groupOf(object.apiVersion);
    if (isCustomGroup(group) && notServed.has(groupKindKey({ group, kind: object.kind }))) {
      const error = new PlatformError('Timeout', `the site did not serve ${object.kind}.${group} within ${timeoutMs} ms of applying its CustomResourceDefinition; check that the CRD is established, then migrate again`, { ref: refOf(object) });
      resources.push(failedOutcome(refOf(object), error));
      continue;
    }
    resources.push(await write(platform, object, options, fieldManager));
  }

  if (options.purgeDeletedResources === true) {
    const keep = new Set(objects.map((object) => refKey(refOf(object))));
    resources.push(...(await purgeDeletedResources(platform, { sourceSite: options.sourceSite, namespaces: options.namespaces, keep })));
  }
  return { resources };
}

/** Applies one object unless the destination copy has the same content hash. */
async function write(platform: Platform, object: KubeObject, options: ApplyApplicationOptions, fieldManager: string): Promise<ResourceOutcome> {
  const ref = refOf(object);
  try {
    const desired = desiredObject(object, options);
    const existing = await platform.get(ref);
    if (existing !== undefined && existing.metadata.annotations?.[Annotations.contentHash] === desired.metadata.annotations?.[Annotations.contentHash]) {
      return { ref, outcome: 'unchanged' };
    }
    await platform.apply(desired, { fieldManager, force: options.forceConflicts ?? false });
    return { ref, outcome: existing === undefined ? 'created' : 'updated' };
  } catch (error) {
    if (!isPlatformError(error)) throw error;
    return failedOutcome(ref, error);
  }
}

function assertValidApplyOptions(options: ApplyApplicationOptions): void {
  const problems: string[] = [];
  if (options.migration === '') problems.push('migration is empty; name the migration');
  if (options.sourceSite === '' || options.sourceSite.length > 63 || !LABEL_VALUE.test(options.sourceSite)) {
    problems.push(`sourceSite "${options.sourceSite}" cannot be a label value; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`);
  }
  if (options.purgeDeletedResources === true && options.namespaces.length === 0) {
    problems.push('purgeDeletedResources is set but namespaces is empty; list the destination namespaces of the application');
  }
  if (options.crdEstablishedTimeoutMs !== undefined && !(options.crdEstablishedTimeoutMs >= 0)) problems.push('crdEstablishedTimeoutMs is negative; give a number of milliseconds');
  if (problems.length > 0) throw new InvalidInputError(`cannot apply the application: ${problems.join('; ')}`, { code: 'invalid-apply-options' });
}
