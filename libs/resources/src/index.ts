export * from './model/resource-meta.model';
export * from './model/cluster-pair.model';
export * from './model/schedule-policy.model';
export * from './model/migration-spec.model';
export * from './model/migration-schedule.model';
export * from './model/migration.model';
export * from './model/rule.model';
export * from './model/dr-resource.model';
export type { ResourceProblem, ValidationResult } from './problems/resource-problem';
export { formatProblem } from './problems/resource-problem';
export { ResourceProblemsError } from './problems/resource-problems.error';
export type { ReadOptions } from './validate/validate-metadata';
export {
  validateClusterPair,
  validateSchedulePolicy,
  validateMigrationSchedule,
  validateMigration,
  validateRule,
} from './validate/validators';
export { STORK_PAIR_OPTIONS } from './validate/stork-cluster-pair-options';
export { parseDuration, formatDuration } from './validate/duration';
export { parseResourceDocuments } from './parse/parse-resource-documents';
export type { ParsedResources } from './parse/parse-resource-documents';
export { toManifest } from './output/to-manifest';
export { toYaml, toYamlDocuments, toStorkYaml } from './output/to-yaml';
// The article's documents (indentation restored): the YAML people already have, as examples and for tests.
export { ARTICLE_CLUSTER_PAIR, ARTICLE_MIGRATION_SCHEDULE, ARTICLE_MIGRATION_SCHEDULE_SUSPENDED, ARTICLE_RULE, ARTICLE_SCHEDULE_POLICY } from './fixtures/article.fixtures';
// Where a field (a path as problems name it) stands in a parsed YAML document, for callers that report their own problems.
export { formatPath, parseFieldPath, type Segment } from './problems/field-path';
export { locateIn } from './parse/yaml-position';
// The one core kind taken beside DR resources: an Opaque Secret (the access Secret `generate clusterpair` prints).
export { CORE_API_VERSION, type SecretDocument } from './model/secret.model';
export { isCoreDocument, validateSecret, type SecretReadOptions } from './validate/validate-secret';
export { parseSecretDocuments, type NumberedSecret, type ParsedSecrets } from './parse/parse-secret-documents';
