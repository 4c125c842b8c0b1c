import { MIGRATION_SPEC_DEFAULTS, MigrationSpec } from '../model/migration-spec.model';
import { ObjectReader } from '../problems/object-reader';
import { describeValue } from '../problems/findings';
import { NAMESPACE_ITEM, objectName } from './names';

/**
 * Stork MigrationSpec fields Tandem does not implement: harmless at Stork's default (a warning), refused otherwise,
 * because Tandem would silently do something else than the document asks.
 */
const STORK_ONLY_FIELDS: Record<string, { neutral: unknown; instead: string }> = {
  adminClusterPair: { neutral: '', instead: 'remove it; a Tandem cluster pair migrates every namespace it is given' },
  namespaceSelectors: { neutral: {}, instead: 'list the namespaces under namespaces:' },
  skipServiceUpdate: { neutral: false, instead: 'remove it; Tandem always sanitises Services for the destination' },
  includeNetworkPolicyWithCIDR: { neutral: false, instead: 'remove it' },
  excludeResourceTypes: { neutral: [], instead: 'leave the resources out with excludeSelectors: (labels)' },
  skipDeletedNamespaces: { neutral: true, instead: 'remove it; a namespace that no longer exists fails the migration with its name' },
  transformSpecs: { neutral: [], instead: 'remove it; Tandem has no ResourceTransformation' },
  ignoreOwnerReferencesCheck: { neutral: false, instead: 'remove it' },
};

/** A Migration's `spec` or a MigrationSchedule's `spec.template.spec`, with Stork's defaults filled in. */
export function readMigrationSpec(r: ObjectReader): MigrationSpec | undefined {
  const before = r.findings.problems.length;
  const clusterPair = r.string('clusterPair', { required: true, ...objectName('dr-site') });
  const namespaces = r.stringList('namespaces', { required: true, nonEmpty: true, item: 'namespace', example: '[appns]', ...NAMESPACE_ITEM });
  const selectors = r.stringMap('selectors');
  const excludeSelectors = r.stringMap('excludeSelectors');
  const includeResources = readIncludeResources(r);
  const includeVolumes = r.boolean('includeVolumes');
  const startApplications = r.boolean('startApplications');
  const purgeDeletedResources = r.boolean('purgeDeletedResources');
  const preExecRule = r.string('preExecRule', objectName('cassandra-presnap-rule'));
  const postExecRule = r.string('postExecRule', objectName('cassandra-postsnap-rule'));
  const includeOptionalResourceTypes = r.stringList('includeOptionalResourceTypes', { item: 'resource kind', example: '[Job]' });
  readStorkOnlyFields(r);
  r.finish();
  if (r.findings.problems.length > before || clusterPair === undefined || namespaces === undefined) return undefined;
  return {
    clusterPair,
    namespaces,
    selectors: selectors ?? {},
    excludeSelectors: excludeSelectors ?? {},
    includeResources: includeResources ?? MIGRATION_SPEC_DEFAULTS.includeResources,
    includeVolumes: includeVolumes ?? MIGRATION_SPEC_DEFAULTS.includeVolumes,
    startApplications: startApplications ?? MIGRATION_SPEC_DEFAULTS.startApplications,
    purgeDeletedResources: purgeDeletedResources ?? MIGRATION_SPEC_DEFAULTS.purgeDeletedResources,
    ...(preExecRule === undefined ? {} : { preExecRule }),
    ...(postExecRule === undefined ? {} : { postExecRule }),
    includeOptionalResourceTypes: includeOptionalResourceTypes ?? [],
  };
}

/** Stork's includeResources is a boolean; a list here is Velero's includedResources habit. */
function readIncludeResources(r: ObjectReader): boolean | undefined {
  const raw = r.raw('includeResources');
  if (Array.isArray(raw)) {
    r.findings.problem(
      r.path('includeResources'),
      `expected true or false, got ${describeValue(raw)}`,
      'includeResources says whether the application\'s Kubernetes resources are migrated: write includeResources: true (narrow them with selectors: and excludeSelectors:)',
    );
    return undefined;
  }
  return r.boolean('includeResources');
}

function readStorkOnlyFields(r: ObjectReader): void {
  for (const [key, { neutral, instead }] of Object.entries(STORK_ONLY_FIELDS)) {
    const value = r.accept(key);
    if (value === undefined) continue;
    if (JSON.stringify(value) === JSON.stringify(neutral)) {
      r.findings.warn(r.path(key), `Tandem does not implement Stork's ${key}; the value given is Stork's default, so nothing changes`, 'remove it');
    } else {
      r.findings.problem(r.path(key), `Tandem does not implement Stork's ${key}`, instead);
    }
  }
}
