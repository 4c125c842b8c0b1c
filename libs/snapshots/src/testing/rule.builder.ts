import { type Rule, RULE_ACTION_DEFAULTS, type RuleAction, type RuleItem, TANDEM_API_VERSION } from '@tandem/resources';

/** A rule action as validateRule would give it, Tandem's defaults filled in. */
export function command(value: string, options: Partial<Omit<RuleAction, 'type' | 'value'>> = {}): RuleAction {
  return { type: 'command', value, background: false, runInSinglePod: false, ...RULE_ACTION_DEFAULTS, ...options };
}

/** A Rule `namespace/name` with these items. */
export function ruleOf(namespace: string, name: string, items: RuleItem[]): Rule {
  return { kind: 'Rule', apiVersion: TANDEM_API_VERSION, metadata: { name, namespace, labels: {}, annotations: {} }, rules: items };
}
