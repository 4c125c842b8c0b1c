import { InvalidInputError } from '@tandem/contracts';
import { stringify } from 'yaml';
import { DrResource } from '../model/dr-resource.model';
import { DrApiVersion, STORK_API_VERSION } from '../model/resource-meta.model';
import { RULE_ACTION_DEFAULTS } from '../model/rule.model';
import { toManifest } from './to-manifest';

/**
 * YAML that both Tandem and Go's YAML 1.1 reader (kubectl, Stork) read the same way: strings such as `yes`, `on`
 * or `10:14` are quoted. Long commands are not folded.
 */
const stringifyManifest = (manifest: Record<string, unknown>): string => stringify(manifest, { version: '1.1', lineWidth: 0 });

/** One document, under `apiVersion` (by default the one it was read under). Reading it back gives the same resource. */
export function toYaml(resource: DrResource, apiVersion: DrApiVersion = resource.apiVersion): string {
  return stringifyManifest(toManifest(resource, apiVersion));
}

/** Several documents, separated by `---`. */
export function toYamlDocuments(resources: readonly DrResource[], apiVersion?: DrApiVersion): string {
  return resources.map((resource) => toYaml(resource, apiVersion)).join('---\n');
}

/**
 * The resource in Stork's own shape, for Stork to read: top-level `policy:` and `rules:`, the template under
 * `spec.template.spec`, a ClusterPair's settings in `spec.options`. Throws InvalidInputError naming every Tandem-only
 * setting Stork would silently drop (a rule action's timeout or retries, `intervalSeconds`, `timeZone`).
 */
export function toStorkYaml(resource: DrResource): string {
  const lost = tandemOnlySettings(resource);
  if (lost.length) {
    throw new InvalidInputError(
      `${resource.kind} ${resource.metadata.name} cannot be written for Stork without losing ${lost.join(', ')}: Stork has no such setting. ` +
        'Remove them, or keep the resource as tandem.dev/v1alpha1.',
      { code: 'not-representable' },
    );
  }
  return stringifyManifest(toManifest(resource, STORK_API_VERSION));
}

function tandemOnlySettings(resource: DrResource): string[] {
  switch (resource.kind) {
    case 'SchedulePolicy': {
      const { policy } = resource;
      return [
        ...(policy.interval?.intervalSeconds !== undefined ? ['policy.interval.intervalSeconds'] : []),
        ...(policy.timeZone !== undefined ? ['policy.timeZone'] : []),
      ];
    }
    case 'Rule':
      return resource.rules.flatMap((item, i) =>
        item.actions.flatMap((action, j) => [
          ...(action.timeoutMs !== RULE_ACTION_DEFAULTS.timeoutMs ? [`rules[${i}].actions[${j}].timeout`] : []),
          ...(action.retries !== RULE_ACTION_DEFAULTS.retries ? [`rules[${i}].actions[${j}].retries`] : []),
        ]),
      );
    case 'ClusterPair':
    case 'MigrationSchedule':
    case 'Migration':
      return [];
    default: {
      const unreachable: never = resource;
      throw new Error(`no Stork check for ${JSON.stringify(unreachable)}`);
    }
  }
}
