import type { LabelSelector } from '../model/label-selector';
import type { JsonPatchOperation } from './json-patch';

/**
 * Which objects a transform rule changes: every field given must match (an absent `group` matches every group).
 * Rules see objects after namespace and StorageClass mapping, so `namespace` is a destination namespace.
 */
export interface TransformMatch {
  kind: string;
  group?: string;
  namespace?: string;
  name?: string;
  selector?: LabelSelector;
}

/** A JSON Patch (RFC 6902) applied to every object the rule matches, in the order of the rules. */
export interface TransformRule {
  name: string;
  match: TransformMatch;
  patch: JsonPatchOperation[];
}

export interface TransformOptions {
  /** Source namespace → destination namespace. */
  namespaceMapping?: Record<string, string>;
  /** Source StorageClass → destination StorageClass. */
  storageClassMapping?: Record<string, string>;
  rules?: TransformRule[];
}

/** One thing wrong with transform options: where, what is wrong, and what to do about it. */
export interface TransformOptionsProblem {
  /** The rule, when the problem is in one. */
  rule?: { index: number; name?: string };
  /** The field, as a path in the options, e.g. `rules[2].patch[0].path`. */
  field: string;
  problem: string;
  fix: string;
}

export function describeOptionsProblem(problem: TransformOptionsProblem): string {
  const rule = problem.rule === undefined ? '' : `rule ${problem.rule.index}${problem.rule.name === undefined ? '' : ` "${problem.rule.name}"`}: `;
  return `${rule}${problem.field}: ${problem.problem}; ${problem.fix}`;
}
