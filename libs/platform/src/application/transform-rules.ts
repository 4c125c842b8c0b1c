import { InvalidInputError } from '@tandem/contracts';
import { describeRef, groupOf, refOf, type KubeObject, type ObjectRef } from '../model/kube-object';
import { matchesSelector } from '../model/label-selector';
import { applyJsonPatch, describeOperation, JsonPatchError, type JsonPatchOperation } from './json-patch';
import { isJsonObject } from '../model/json-value';
import type { TransformMatch, TransformRule } from './transform-options';

/** A rule's patch that could not be applied to one object. */
export interface TransformRuleFailure {
  rule: { index: number; name: string };
  ref: ObjectRef;
  /** The operation that failed and its position in the patch. */
  opIndex: number;
  operation: JsonPatchOperation;
  problem: string;
}

/** Rules whose patches failed on some objects; `failures` lists each (rule, object, operation). */
export class TransformRuleError extends InvalidInputError {
  readonly failures: TransformRuleFailure[];

  constructor(failures: TransformRuleFailure[]) {
    super(
      `${failures.length} transform rule patch(es) failed; fix the rule or narrow its match:\n` +
        failures
          .map((failure) => `- rule ${failure.rule.index} "${failure.rule.name}" on ${describeRef(failure.ref)}: patch[${failure.opIndex}] (${describeOperation(failure.operation)}): ${failure.problem}`)
          .join('\n'),
      { code: 'transform-rule-failed' },
    );
    this.failures = failures;
  }
}

export function ruleMatches(match: TransformMatch, object: KubeObject): boolean {
  return (
    object.kind === match.kind &&
    (match.group === undefined || match.group === groupOf(object.apiVersion)) &&
    (match.namespace === undefined || match.namespace === object.metadata.namespace) &&
    (match.name === undefined || match.name === object.metadata.name) &&
    matchesSelector(object.metadata.labels, match.selector)
  );
}

/**
 * Applies each rule, in order, to the objects it matches (a later rule sees what earlier ones did). Every failure
 * is collected, then all are thrown together as a `TransformRuleError`.
 */
export function applyTransformRules(objects: readonly KubeObject[], rules: readonly TransformRule[]): KubeObject[] {
  const failures: TransformRuleFailure[] = [];
  const result = objects.map((object) => {
    let current = object;
    rules.forEach((rule, index) => {
      if (!ruleMatches(rule.match, current)) return;
      try {
        const patched = applyJsonPatch(current, rule.patch);
        if (!isJsonObject(patched)) throw new Error('the patch did not leave an object');
        current = patched as KubeObject;
      } catch (error) {
        const opIndex = error instanceof JsonPatchError ? error.index : 0;
        const problem = error instanceof JsonPatchError ? error.problem : error instanceof Error ? error.message : String(error);
        failures.push({ rule: { index, name: rule.name }, ref: refOf(current), opIndex, operation: rule.patch[opIndex] as JsonPatchOperation, problem });
      }
    });
    return current;
  });
  if (failures.length > 0) throw new TransformRuleError(failures);
  return result;
}
