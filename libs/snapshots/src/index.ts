export type { ActionReport, ActionStatus, ItemReport, PodActionOutcome, PodActionReport, ReleaseReport, RulePhase, RuleReport } from './rules/rule-report';
export { type RuleRun, type RunRuleOptions, runRule } from './rules/run-rule';
export type { HeldActions } from './rules/held-actions';
export { type HoldFiles, holdFiles, substituteWait, waitSnippet } from './rules/wait-snippet';
export { takeGroupSnapshot } from './group-snapshot/take-group-snapshot';
export type { GroupSnapshotOutcome, GroupSnapshotRequest, GroupSnapshotStage, SnapshotCapture } from './group-snapshot/group-snapshot.types';
