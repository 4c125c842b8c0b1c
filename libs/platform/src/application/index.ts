// Collect
export { collectApplication, type CollectedApplication } from './collect-application';
export type { ApplicationSelection, IncludedResource } from './application-selection';
export { NEVER_MIGRATED_OBJECTS, NEVER_MIGRATED_TYPES, renderNeverMigratedTable, type NeverMigratedObject, type NeverMigratedType } from './never-migrated.table';
export type { SkippedObject } from './skipped-object';
export type { GroupKind } from './kube-kinds';

// Sanitise
export { sanitiseForDestination, type SanitisedApplication, type SanitiseOptions } from './sanitise-for-destination';
export { renderSanitiseTable, SANITISE_TABLE, type SanitiseContext, type SanitiseRow, type SanitiseVerdict } from './sanitise.table';
export { isServerWrittenAnnotation, SERVER_WRITTEN_ANNOTATIONS } from './server-written.annotations';
export { APPLY_MODE_ANNOTATION, applyModeOf, type ApplyMode } from './apply-mode';

// Transform
export { transformApplication, type TransformedApplication } from './transform-application';
export { describeOptionsProblem, type TransformMatch, type TransformOptions, type TransformOptionsProblem, type TransformRule } from './transform-options';
export { TransformRuleError, type TransformRuleFailure } from './transform-rules';
export { assertValidTransformOptions, validateTransformOptions } from './validate-transform-options';
export { applyJsonPatch, JsonPatchError, type JsonPatchOperation } from './json-patch';

// Apply
export { applyApplication, type ApplyApplicationOptions } from './apply-application';
export { migrateApplication, type MigrateApplicationOptions, type MigrationResult } from './migrate-application';
export { APPLY_ORDER, applyRank, sortForApply } from './apply-order';
export type { ApplyReport, ResourceOutcome, ResourceOutcomeKind } from './resource-outcome';
export { contentHashOf } from './content-hash';
export { toApplyable } from './to-applyable';

// Activate
export { activateApplications, deactivateApplications, type ActivationOptions, type ActivationReport } from './activate-applications';
export { activateWorkload, deactivateWorkload, SWITCHABLE_KINDS } from './workload-activation';
