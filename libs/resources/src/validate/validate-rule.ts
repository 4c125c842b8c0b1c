import { RULE_ACTION_DEFAULTS, RuleAction, RuleItem, WAIT_PLACEHOLDER } from '../model/rule.model';
import { ObjectReader } from '../problems/object-reader';
import { describeValue } from '../problems/findings';
import { parseDuration } from './duration';

/**
 * A Rule's items: Stork's top-level `rules:` list. The PX-DR article writes the list under a top-level `spec:`
 * instead; that is accepted too (with a warning: Stork itself reads only `rules:`).
 */
export function readRuleItems(root: ObjectReader): RuleItem[] | undefined {
  const findings = root.findings;
  const hasRules = root.has('rules');
  const hasSpec = root.has('spec');
  if (hasRules && hasSpec) {
    findings.problem(root.path('spec'), 'the rule items are given twice, under rules: and under spec:', 'keep one list, under rules:');
    return undefined;
  }
  const key = hasSpec && !hasRules ? 'spec' : 'rules';
  if (key === 'spec') {
    if (!Array.isArray(root.raw('spec'))) {
      findings.problem(
        root.path('spec'),
        `expected the list of rule items, got ${describeValue(root.raw('spec'))}`,
        'write the items as a list under rules: (each with podSelector and actions)',
      );
      return undefined;
    }
    findings.warn(
      root.path('spec'),
      'the rule items are under spec:, as in the PX-DR article; Stork reads them only under rules:',
      'rename spec: to rules: so that Stork reads the same rule as Tandem',
    );
  }
  const items = root.list(key, { required: true, nonEmpty: true, item: 'rule item (podSelector and actions)', example: '[{podSelector: {app: myapp}, actions: [{type: command, value: sync}]}]' });
  if (!items) return undefined;
  const out = items.map((item, i) => readRuleItem(ObjectReader.of(findings, item, [...root.path(key), i], 'a rule item')));
  return out.every((item): item is RuleItem => item !== undefined) ? out : undefined;
}

function readRuleItem(r: ObjectReader | undefined): RuleItem | undefined {
  if (!r) return undefined;
  const podSelector = r.stringMap('podSelector', { required: true, nonEmpty: true, example: '{app: cassandra}' });
  const container = r.string('container', { example: 'cassandra' });
  const rawActions = r.list('actions', { required: true, nonEmpty: true, item: 'action', example: '[{type: command, value: nodetool flush}]' });
  const actions = rawActions?.map((action, i) => readAction(ObjectReader.of(r.findings, action, [...r.path('actions'), i], 'an action')));
  r.finish();
  if (!podSelector || !actions || !actions.every((a): a is RuleAction => a !== undefined)) return undefined;
  return { podSelector, ...(container === undefined ? {} : { container }), actions };
}

function readAction(r: ObjectReader | undefined): RuleAction | undefined {
  if (!r) return undefined;
  const before = r.findings.problems.length;
  const type = r.string('type', { required: true, example: 'command' });
  if (type !== undefined && type !== 'command') {
    r.findings.problem(r.path('type'), `unknown action type "${type}"`, 'write type: command (the only action type)');
  }
  const value = r.string('value', { required: true, example: 'nodetool flush' });
  const background = r.boolean('background') ?? false;
  const runInSinglePod = r.boolean('runInSinglePod') ?? false;
  const timeoutMs = readTimeout(r);
  const retries = r.integer('retries', { min: 0, example: '2' }) ?? RULE_ACTION_DEFAULTS.retries;
  if (value !== undefined && background && !value.includes(WAIT_PLACEHOLDER)) {
    r.findings.problem(
      r.path('value'),
      `a background action must hold until the snapshot is taken, and this command has no ${WAIT_PLACEHOLDER}`,
      `put ${WAIT_PLACEHOLDER} where the command should wait, e.g. value: mysql -e 'FLUSH TABLES WITH READ LOCK; SYSTEM ${WAIT_PLACEHOLDER};'`,
    );
  }
  r.finish();
  if (r.findings.problems.length > before || value === undefined || timeoutMs === undefined) return undefined;
  return { type: 'command', value, background, runInSinglePod, timeoutMs, retries };
}

function readTimeout(r: ObjectReader): number | undefined {
  const raw = r.raw('timeout');
  if (raw === undefined) return RULE_ACTION_DEFAULTS.timeoutMs;
  const ms = typeof raw === 'string' ? parseDuration(raw) : undefined;
  if (ms === undefined || ms === 0) {
    const fix = typeof raw === 'number' ? `write it with a unit: timeout: ${raw}s` : 'write a duration such as timeout: 30s, 5m or 1h30m';
    r.findings.problem(r.path('timeout'), `expected a duration like "30s", got ${describeValue(raw)}`, fix);
    return undefined;
  }
  return ms;
}
