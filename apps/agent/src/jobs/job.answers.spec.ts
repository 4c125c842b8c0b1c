import { BackUpVolumesFailed, BackUpVolumesSucceeded } from '@tandem/contracts';
import { jobAnswers } from './job.answers';

describe('job answers', () => {
  const identity = { domain: 'primary', node: 'n1', version: '0.1.0' };
  const step = (attempt: number) => ({ sagaId: 'saga-1', step: 'back-up', attempt, action: 'do' as const });
  const job = { kind: 'back-up-volumes' as const, requestId: 'r-1' };

  it('answers each saga attempt that waits, once, echoing its sagaRef', () => {
    const waiters = [
      { commandId: 'c1', sagaRef: step(1) },
      { commandId: 'c2', sagaRef: step(2) },
      { commandId: 'c2-redelivered', sagaRef: step(2) },
      { commandId: 'c3', correlationid: 'req-9' },
      { commandId: 'c4' },
    ];
    const out = jobAnswers(job, waiters, { ok: false, reason: 'disk full', retryable: true }, identity);
    expect(out.map((m) => m.id)).toEqual(['saga-1/back-up/do/1/answer', 'saga-1/back-up/do/2/answer', 'job/r-1/answer']);
    expect(out.every((m) => m.definition === BackUpVolumesFailed)).toBe(true);
    expect(out[1]).toEqual(
      expect.objectContaining({
        correlationid: 'saga-1',
        causationid: 'c2',
        data: { requestId: 'r-1', domain: 'primary', node: 'n1', sagaRef: step(2), reason: 'disk full', retryable: true },
      }),
    );
    expect(out[2]).toEqual(expect.objectContaining({ correlationid: 'req-9', data: expect.not.objectContaining({ sagaRef: expect.anything() }) }));
  });

  it('carries the output on success', () => {
    const output = { groupSnapshotId: 'gs', recoveryPoints: [] };
    const [answer] = jobAnswers(job, [{ commandId: 'c1' }], { ok: true, output }, identity);
    expect(answer).toEqual(expect.objectContaining({ definition: BackUpVolumesSucceeded, data: { requestId: 'r-1', domain: 'primary', node: 'n1', output } }));
  });
});
