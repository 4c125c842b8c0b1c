import type { ExecResult } from '@tandem/platform';
import type { ExecCall } from './action-target';
import { AttemptLog, podReport } from './attempt-log';
import { NOT_TARGETED } from './pod-filter';

const result = (pod: string, exitCode: number | null, output: Partial<ExecResult> = {}): ExecResult => ({ pod, exitCode, stdout: '', stderr: '', timedOut: false, ...output });
const call = (durationMs: number, ...results: ExecResult[]): ExecCall => ({ results, durationMs });

describe('shaping pod reports', () => {
  it('reads an exec result as succeeded, failed or timed out, keeping the tails of the output', () => {
    expect(podReport(result('a', 0, { stdout: 'ok\n' }), 1, 20)).toEqual({ pod: 'a', outcome: 'succeeded', exitCode: 0, attempts: 1, durationMs: 20, stdoutTail: 'ok\n', stderrTail: '' });
    expect(podReport(result('a', 2, { stderr: 'no\n' }), 3, 20)).toMatchObject({ outcome: 'failed', exitCode: 2, attempts: 3, stderrTail: 'no\n' });
    expect(podReport(result('a', null, { timedOut: true }), 1, 20)).toMatchObject({ outcome: 'timed-out', exitCode: null });
    expect(podReport(result('a', null), 1, 20)).toMatchObject({ outcome: 'failed', exitCode: null });
    const long = podReport(result('a', 0, { stdout: `${'x'.repeat(10_000)}END` }), 1, 1).stdoutTail;
    expect(long.length).toBe(4097);
    expect(long.startsWith('…')).toBe(true);
    expect(long.endsWith('END')).toBe(true);
  });

  it('counts attempts and time per pod, and retries only the pods that have not succeeded', () => {
    const log = new AttemptLog();
    expect(log.known).toBe(false);
    log.record(call(100, result('b', 0), result('a', 1), result('c', null, { timedOut: true })));
    expect(log.known).toBe(true);
    expect(log.pending()).toEqual(['a', 'c']);

    // The filtered retry reaches every pod: b answers as untargeted, and its result is not taken.
    log.record(call(50, result('a', 0, { stdout: 'second time\n' }), result('b', 0, { stdout: `${NOT_TARGETED}\n` }), result('c', 4)), ['a', 'c']);
    expect(log.pending()).toEqual(['c']);
    expect(log.reports().map(({ pod, outcome, exitCode, attempts, durationMs, stdoutTail }) => [pod, outcome, exitCode, attempts, durationMs, stdoutTail])).toEqual([
      ['a', 'succeeded', 0, 2, 150, 'second time\n'],
      ['b', 'succeeded', 0, 1, 100, ''],
      ['c', 'failed', 4, 2, 150, ''],
    ]);
  });

  it('stops retrying a pod that is gone, or whose $HOSTNAME is not its name', () => {
    const log = new AttemptLog();
    log.record(call(10, result('a', 1), result('b', 1)));
    log.record(call(10, result('a', 0, { stdout: `${NOT_TARGETED}\n` })), ['a', 'b']);
    expect(log.pending()).toEqual([]);
    const [a, b] = log.reports();
    expect(a).toMatchObject({ outcome: 'failed', exitCode: null, attempts: 2, stderrTail: expect.stringContaining('the $HOSTNAME of pod a is not its name') });
    expect(b).toMatchObject({ outcome: 'failed', exitCode: null, attempts: 2, stderrTail: 'pod b was gone when the command was tried again' });
  });
});
