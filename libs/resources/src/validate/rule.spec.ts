import { action, rule } from '../fixtures/builders';
import { problemsOf, valueOf } from '../fixtures/problem-fields';
import { PORTWORX_DOCS_MYSQL_RULE } from '../fixtures/stork-examples.fixtures';
import { TANDEM_RULE } from '../fixtures/tandem-examples.fixtures';
import { Rule } from '../model/rule.model';
import { parseResourceDocuments } from '../parse/parse-resource-documents';
import { validateRule } from './validators';

describe('validateRule', () => {
  it('reads the Portworx docs\' MySQL pre-exec rule: a background action holding a lock at ${WAIT_CMD}', () => {
    const { resources, problems } = parseResourceDocuments(PORTWORX_DOCS_MYSQL_RULE);
    expect(problems).toEqual([]);
    expect((resources[0] as Rule).rules[0].actions[0]).toEqual({
      type: 'command',
      value: "mysql --user=root --password=$MYSQL_ROOT_PASSWORD -Bse 'FLUSH TABLES WITH READ LOCK; SYSTEM ${WAIT_CMD};'",
      background: true,
      runInSinglePod: false,
      timeoutMs: 300_000,
      retries: 0,
    });
  });

  it('reads Tandem\'s per-action timeout (a duration) and retries, and the container', () => {
    const item = (parseResourceDocuments(TANDEM_RULE).resources[0] as Rule).rules[0];
    expect(item.container).toBe('postgres');
    expect(item.actions.map(({ timeoutMs, retries, background, runInSinglePod }) => ({ timeoutMs, retries, background, runInSinglePod }))).toEqual([
      { timeoutMs: 30_000, retries: 2, background: false, runInSinglePod: false },
      { timeoutMs: 90_000, retries: 0, background: true, runInSinglePod: true },
    ]);
  });

  it('accepts the items under spec: (the article\'s form) with a warning, but not under both', () => {
    const underSpec = { ...rule(undefined), spec: [{ podSelector: { app: 'x' }, actions: [action()] }] };
    const result = validateRule(underSpec);
    expect(valueOf(result).rules).toHaveLength(1);
    expect(result.warnings.map((w) => w.path)).toEqual(['spec']);
    const both = { ...rule([{ podSelector: { app: 'x' }, actions: [action()] }]), spec: [] };
    expect(problemsOf(validateRule(both))).toEqual([
      { path: 'spec', message: 'the rule items are given twice, under rules: and under spec:', fix: 'keep one list, under rules:' },
    ]);
  });

  it('reports every problem of every item and action at once', () => {
    const document = rule([
      {
        podSelector: {},
        actions: [action({ type: 'exec', value: '', timeout: 30, retries: -1, runInSinglepod: true })],
      },
      { podSelector: { app: 'pg' }, actions: 'pg_ctl stop' },
      { podSelector: { app: 'pg' }, actions: [action({ background: true, value: 'psql -c "SELECT pg_backup_start(1)"', timeout: '2 minutes' })] },
    ]);
    expect(problemsOf(validateRule(document))).toEqual([
      { path: 'rules[0].podSelector', message: 'must have at least one entry', fix: 'add one, e.g. podSelector: {app: cassandra}' },
      { path: 'rules[0].actions[0].type', message: 'unknown action type "exec"', fix: 'write type: command (the only action type)' },
      { path: 'rules[0].actions[0].value', message: 'must not be empty', fix: 'give it a value, e.g. value: nodetool flush, or remove the field' },
      { path: 'rules[0].actions[0].timeout', message: 'expected a duration like "30s", got 30', fix: 'write it with a unit: timeout: 30s' },
      { path: 'rules[0].actions[0].retries', message: '-1 is less than 0', fix: 'write retries: 0 or more' },
      {
        path: 'rules[0].actions[0].runInSinglepod',
        message: 'unknown field "runInSinglepod"',
        fix: 'did you mean runInSinglePod? (the fields here are type, value, background, runInSinglePod, timeout, retries)',
      },
      { path: 'rules[1].actions', message: 'expected a list, got "pg_ctl stop"', fix: 'write each action on its own "- " line under actions:' },
      { path: 'rules[2].actions[0].timeout', message: 'expected a duration like "30s", got "2 minutes"', fix: 'write a duration such as timeout: 30s, 5m or 1h30m' },
      {
        path: 'rules[2].actions[0].value',
        message: 'a background action must hold until the snapshot is taken, and this command has no ${WAIT_CMD}',
        fix: "put ${WAIT_CMD} where the command should wait, e.g. value: mysql -e 'FLUSH TABLES WITH READ LOCK; SYSTEM ${WAIT_CMD};'",
      },
    ]);
  });

  it('needs at least one item, and actions in each', () => {
    expect(problemsOf(validateRule(rule([])))).toEqual([{ path: 'rules', message: 'the list is empty', fix: 'add at least one rule item (podSelector and actions)' }]);
    expect(problemsOf(validateRule(rule([{ podSelector: { app: 'x' } }])))).toEqual([
      { path: 'rules[0].actions', message: 'required field is missing', fix: 'add actions: [{type: command, value: nodetool flush}]' },
    ]);
  });
});
