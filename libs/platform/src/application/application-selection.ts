import { InvalidInputError } from '@tandem/contracts';
import { groupOf, type KubeObject } from '../model/kube-object';
import { matchesSelector, type LabelSelector } from '../model/label-selector';

/** One entry of `includeResources`: an absent field matches anything (an absent `group` matches every group). */
export interface IncludedResource {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
}

/**
 * Which application to collect, in the words of Stork's MigrationSchedule. The namespaces are those named plus
 * those whose Namespace object's labels match `namespaceSelector`. Within them an object is selected when its
 * labels match `selectors`, do not match `excludeSelectors` and, when `includeResources` is given, it matches one
 * of its entries.
 */
export interface ApplicationSelection {
  namespaces: string[];
  namespaceSelector?: LabelSelector;
  selectors?: LabelSelector;
  excludeSelectors?: LabelSelector;
  includeResources?: IncludedResource[];
}

export function assertValidSelection(selection: ApplicationSelection): void {
  const named = selection.namespaces.filter((namespace) => namespace !== '');
  if (named.length !== selection.namespaces.length) {
    throw new InvalidInputError('selection.namespaces contains an empty name; list namespace names, or leave the list empty and use namespaceSelector');
  }
  if (named.length === 0 && !hasRequirements(selection.namespaceSelector)) {
    throw new InvalidInputError('the selection names no namespace; list them in namespaces, or choose them by label with namespaceSelector');
  }
  selection.includeResources?.forEach((entry, index) => {
    if (entry.kind === '') throw new InvalidInputError(`selection.includeResources[${index}].kind is empty; name a kind, e.g. "Deployment"`);
  });
}

/** True when the selector says something; an absent or empty selector would match (or exclude) everything. */
export function hasRequirements(selector: LabelSelector | undefined): selector is LabelSelector {
  return selector !== undefined && (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0);
}

/** Why the selection leaves `object` out, or `undefined` when it selects it. */
export function selectionExcludes(object: KubeObject, selection: ApplicationSelection): string | undefined {
  const included = selection.includeResources;
  if (included !== undefined && included.length > 0 && !included.some((entry) => matchesIncluded(object, entry))) {
    return 'not named by includeResources';
  }
  if (!matchesSelector(object.metadata.labels, selection.selectors)) return 'its labels do not match selectors';
  if (hasRequirements(selection.excludeSelectors) && matchesSelector(object.metadata.labels, selection.excludeSelectors)) {
    return 'its labels match excludeSelectors';
  }
  return undefined;
}

function matchesIncluded(object: KubeObject, entry: IncludedResource): boolean {
  return (
    object.kind === entry.kind &&
    (entry.group === undefined || entry.group === groupOf(object.apiVersion)) &&
    (entry.name === undefined || entry.name === object.metadata.name) &&
    (entry.namespace === undefined || entry.namespace === object.metadata.namespace)
  );
}
