import { DrResource } from '../model/dr-resource.model';
import { DrApiVersion, ResourceMeta, STORK_API_VERSION } from '../model/resource-meta.model';
import { clusterPairSpec } from './cluster-pair.manifest';
import { migrationBody, migrationScheduleSpec } from './migration.manifest';
import { ruleItems } from './rule.manifest';

/**
 * The resource as a plain object under `apiVersion` (by default the one it was read under): what `-o json` prints
 * and `toYaml` writes. Reading it back gives the same resource. Throws InvalidInputError when the resource cannot be
 * written under that apiVersion (a Stork ClusterPair's inline kubeconfig has no place in Tandem's form).
 */
export function toManifest(resource: DrResource, apiVersion: DrApiVersion = resource.apiVersion): Record<string, unknown> {
  const head = { apiVersion, kind: resource.kind, metadata: metadataObject(resource.metadata) };
  switch (resource.kind) {
    case 'ClusterPair':
      return { ...head, spec: clusterPairSpec(resource, apiVersion) };
    case 'SchedulePolicy':
      return { ...head, policy: resource.policy };
    case 'MigrationSchedule':
      return { ...head, spec: migrationScheduleSpec(resource) };
    case 'Migration':
      return { ...head, ...migrationBody(resource, apiVersion === STORK_API_VERSION) };
    case 'Rule':
      return { ...head, rules: ruleItems(resource) };
    default: {
      const unreachable: never = resource;
      throw new Error(`no manifest for ${JSON.stringify(unreachable)}`);
    }
  }
}

function metadataObject(meta: ResourceMeta): Record<string, unknown> {
  return {
    name: meta.name,
    ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }),
    ...(Object.keys(meta.labels).length ? { labels: meta.labels } : {}),
    ...(Object.keys(meta.annotations).length ? { annotations: meta.annotations } : {}),
  };
}
