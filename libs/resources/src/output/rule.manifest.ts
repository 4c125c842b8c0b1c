import { Rule, RULE_ACTION_DEFAULTS, RuleAction } from '../model/rule.model';
import { formatDuration } from '../validate/duration';

type Json = Record<string, unknown>;

/** Stork's `rules:` list; flags and Tandem's settings only where they differ from the default. */
export function ruleItems(rule: Rule): Json[] {
  return rule.rules.map((item) => ({
    podSelector: item.podSelector,
    ...(item.container ? { container: item.container } : {}),
    actions: item.actions.map(actionObject),
  }));
}

function actionObject(action: RuleAction): Json {
  return {
    type: action.type,
    value: action.value,
    ...(action.background ? { background: true } : {}),
    ...(action.runInSinglePod ? { runInSinglePod: true } : {}),
    ...(action.timeoutMs !== RULE_ACTION_DEFAULTS.timeoutMs ? { timeout: formatDuration(action.timeoutMs) } : {}),
    ...(action.retries !== RULE_ACTION_DEFAULTS.retries ? { retries: action.retries } : {}),
  };
}
