import { describeAction, describePodFailure, describeSelector, outputGist } from './rule-messages';
import type { PodActionReport } from './rule-report';

const pod = (report: Partial<PodActionReport>): PodActionReport => ({ pod: 'pg-0', outcome: 'failed', exitCode: 1, attempts: 1, durationMs: 5, stdoutTail: '', stderrTail: '', ...report });

describe('failure sentences', () => {
  it('name the rule, the phase and the action the way validation names fields, with the command shortened', () => {
    expect(describeAction({ phase: 'pre', rule: 'db/lock', item: 1, action: 0, command: 'psql -c CHECKPOINT' })).toBe('pre rule db/lock rules[1].actions[0] (psql -c CHECKPOINT)');
    const long = describeAction({ phase: 'post', rule: 'db/x', item: 0, action: 2, command: `echo ${'a'.repeat(100)}\n  && done` });
    expect(long).toMatch(/^post rule db\/x rules\[0\]\.actions\[2\] \(echo a+…\)$/);
    expect(long.length).toBeLessThan(120);
    expect(describeSelector({ app: 'cassandra', tier: 'db' })).toBe('app=cassandra,tier=db');
  });

  it('quote the end of the output on one line, stderr first', () => {
    expect(outputGist({ stdoutTail: 'rows\n', stderrTail: 'ERROR:  relation "x" does not exist\nLINE 1: LOCK x\n' })).toBe('output: ERROR:  relation "x" does not exist | LINE 1: LOCK x');
    expect(outputGist({ stdoutTail: 'only stdout\n', stderrTail: '  \n' })).toBe('output: only stdout');
    expect(outputGist({ stdoutTail: '', stderrTail: '' })).toBe('no output');
    expect(outputGist({ stdoutTail: '', stderrTail: 'y'.repeat(1000) })).toBe(`output: …${'y'.repeat(600)}`);
  });

  it('say how a pod failed: its exit code, its timeout, or that it did not finish', () => {
    expect(describePodFailure(pod({ exitCode: 3, attempts: 3, stderrTail: 'disk full\n' }), 60_000)).toBe('pod pg-0 exited with 3 after 3 attempts (output: disk full)');
    expect(describePodFailure(pod({ outcome: 'timed-out', exitCode: null }), 90_000)).toBe("pod pg-0 was still running after the action's timeout of 1m30s, and was stopped (no output)");
    expect(describePodFailure(pod({ exitCode: null, stderrTail: 'pod pg-0 is not running (phase Pending)\n' }), 1_000)).toBe('pod pg-0 did not finish the command (output: pod pg-0 is not running (phase Pending))');
  });
});
