import { groupOf, refOf, type KubeObject } from '../model/kube-object';
import { SANITISE_TABLE, type SanitiseContext, type SanitiseRow } from './sanitise.table';
import type { SkippedObject } from './skipped-object';

export interface SanitiseOptions {
  /** Keep the `nodePort`s of Services; by default the destination assigns its own. */
  keepNodePorts?: boolean;
}

export interface SanitisedApplication {
  objects: KubeObject[];
  skipped: SkippedObject[];
}

/**
 * Takes out of each object what belongs to the source site (uids, bindings, assigned addresses, tokens, status),
 * following `SANITISE_TABLE`: first the row for every object, then the row of the object's kind. The input is not
 * changed.
 */
export function sanitiseForDestination(objects: readonly KubeObject[], options: SanitiseOptions = {}): SanitisedApplication {
  const context: SanitiseContext = {
    keepNodePorts: options.keepNodePorts ?? false,
    tokenSecrets: new Set(
      objects
        .filter((object) => groupOf(object.apiVersion) === '' && object.kind === 'Secret' && object['type'] === 'kubernetes.io/service-account-token')
        .map((secret) => `${secret.metadata.namespace ?? ''}/${secret.metadata.name}`),
    ),
  };
  const kept: KubeObject[] = [];
  const skipped: SkippedObject[] = [];
  for (const object of objects) {
    let current = object;
    let skipReason: string | undefined;
    for (const row of rowsFor(object)) {
      const verdict = row.rule(current, context);
      if ('skip' in verdict) {
        skipReason = verdict.skip;
        break;
      }
      current = verdict.keep;
    }
    if (skipReason === undefined) kept.push(current);
    else skipped.push({ ref: refOf(object), reason: skipReason });
  }
  return { objects: kept, skipped };
}

function rowsFor(object: KubeObject): SanitiseRow[] {
  const group = groupOf(object.apiVersion);
  const every = SANITISE_TABLE.filter((row) => row.target === 'every object');
  const own = SANITISE_TABLE.filter((row) => row.target !== 'every object' && row.target.group === group && row.target.kind === object.kind);
  return [...every, ...own];
}
