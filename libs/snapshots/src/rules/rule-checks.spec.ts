import { command, ruleOf } from '../testing/rule.builder';
import { ruleProblems } from './rule-checks';

describe('what keeps a rule from running', () => {
  it('accepts a pre rule with a background action holding at one ${WAIT_CMD}', () => {
    const rule = ruleOf('db', 'lock', [{ podSelector: { app: 'pg' }, actions: [command('psql -c CHECKPOINT'), command("psql -c '\\! ${WAIT_CMD}'", { background: true })] }]);
    expect(ruleProblems(rule, 'pre')).toEqual([]);
  });

  it('names each problem with the rule, the phase and the action', () => {
    const rule = ruleOf('db', 'bad', [
      { podSelector: { app: 'pg' }, actions: [command('sleep 1; ${WAIT_CMD}; ${WAIT_CMD}', { background: true }), command('echo ${WAIT_CMD}')] },
      { podSelector: {}, actions: [command('hold', { background: true, timeoutMs: 0, retries: -1 })] },
    ]);
    expect(ruleProblems(rule, 'pre')).toEqual([
      'pre rule db/bad rules[0].actions[0] (sleep 1; ${WAIT_CMD}; ${WAIT_CMD}): a background action holds at exactly one ${WAIT_CMD}, and this command has 2',
      'pre rule db/bad rules[0].actions[1] (echo ${WAIT_CMD}): only a background action holds at ${WAIT_CMD}; set background: true, or remove the placeholder',
      'pre rule db/bad rules[1]: the podSelector is empty; give at least one label, e.g. app: postgres',
      'pre rule db/bad rules[1].actions[0] (hold): a background action holds at exactly one ${WAIT_CMD}, and this command has none',
      'pre rule db/bad rules[1].actions[0] (hold): the timeout must be positive, got 0 ms',
      'pre rule db/bad rules[1].actions[0] (hold): retries must be a whole number ≥ 0, got -1',
    ]);
  });

  it('refuses background actions in a post rule, as Stork does', () => {
    const rule = ruleOf('db', 'after', [{ podSelector: { app: 'pg' }, actions: [command('${WAIT_CMD}', { background: true })] }]);
    expect(ruleProblems(rule, 'post')).toEqual([
      'post rule db/after rules[0].actions[0] (${WAIT_CMD}): a post rule cannot have a background action (nothing is held after the snapshot); set background: false, or move the action to the pre rule',
    ]);
  });
});
