import { type Rule, WAIT_PLACEHOLDER } from '@tandem/resources';
import { describeAction } from './rule-messages';
import type { RulePhase } from './rule-report';
import { placeholderCount } from './wait-snippet';

/**
 * What makes a rule unable to run in a phase, found before anything runs: one sentence per problem. `validateRule`
 * has checked the document; these are the rules of running it (the phase, and exactly one `${WAIT_CMD}` where a
 * command holds).
 */
export function ruleProblems(rule: Rule, phase: RulePhase): string[] {
  const problems: string[] = [];
  const name = ruleName(rule);
  rule.rules.forEach((item, i) => {
    if (Object.keys(item.podSelector).length === 0) problems.push(`${phase} rule ${name} rules[${i}]: the podSelector is empty; give at least one label, e.g. app: postgres`);
    item.actions.forEach((action, j) => {
      const where = describeAction({ phase, rule: name, item: i, action: j, command: action.value });
      const count = placeholderCount(action.value);
      if (action.background && phase === 'post') problems.push(`${where}: a post rule cannot have a background action (nothing is held after the snapshot); set background: false, or move the action to the pre rule`);
      else if (action.background && count !== 1) problems.push(`${where}: a background action holds at exactly one ${WAIT_PLACEHOLDER}, and this command has ${count === 0 ? 'none' : count}`);
      else if (!action.background && count > 0) problems.push(`${where}: only a background action holds at ${WAIT_PLACEHOLDER}; set background: true, or remove the placeholder`);
      if (!(action.timeoutMs > 0)) problems.push(`${where}: the timeout must be positive, got ${action.timeoutMs} ms`);
      if (!Number.isInteger(action.retries) || action.retries < 0) problems.push(`${where}: retries must be a whole number ≥ 0, got ${action.retries}`);
    });
  });
  return problems;
}

/** `namespace/name`, as reports name a rule. */
export function ruleName(rule: Rule): string {
  return `${rule.metadata.namespace ?? 'default'}/${rule.metadata.name}`;
}
