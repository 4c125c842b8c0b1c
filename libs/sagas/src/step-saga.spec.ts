import { SagaRef } from '@tandem/contracts';
import { SagaLogEvent, SagaTrigger } from './saga-definition';
import { SELFTEST_SAGA, SelfTestInput } from './selftest.saga';
import { StepSagaState } from './step-saga';

type State = StepSagaState<SelfTestInput>;
const saga = SELFTEST_SAGA;
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** Feeds triggers through decide/evolve the way the engine does, and collects the log and commands. */
function run(input: SelfTestInput, script: (s: State, log: SagaLogEvent[]) => SagaTrigger | undefined, maxTurns = 50) {
  let state = saga.initialState();
  const log: SagaLogEvent[] = [];
  const commands: { id: string; data: { step: string; sagaRef: SagaRef } }[] = [];
  let trigger: SagaTrigger | undefined = { kind: 'start', input };
  for (let turn = 0; trigger && turn < maxTurns; turn++) {
    for (const e of saga.decide(state, trigger, at(turn * 1000))) {
      state = saga.evolve(state, e);
      log.push(e);
      for (const c of saga.effects(state, e, 's1').commands) commands.push(c as never);
    }
    trigger = script(state, log);
  }
  return { state, log, commands };
}

const refOf = (s: State): SagaRef => ({ sagaId: 's1', ...s.current! });
const succeed = (s: State): SagaTrigger | undefined =>
  s.awaiting ? { kind: 'reply', ref: refOf(s), outcome: 'succeeded', output: { ok: s.current!.step } } : undefined;

describe('step saga', () => {
  it('runs the steps in order and completes', () => {
    const { state, commands } = run({ probe: 'p' }, succeed);
    expect(state.phase).toBe('Completed');
    expect(commands.map((c) => `${c.data.step}:${c.data.sagaRef.action}`)).toEqual([
      'write-probe:do',
      'verify-probe:do',
      'report:do',
    ]);
    expect(commands.map((c) => c.id)).toEqual(['s1/write-probe/do/1', 's1/verify-probe/do/1', 's1/report/do/1']);
  });

  it('undoes completed steps in reverse order when a step fails without retry', () => {
    const { state, commands, log } = run({ probe: 'p' }, (s) => {
      if (!s.awaiting) return undefined;
      if (s.current!.step === 'report') return { kind: 'reply', ref: refOf(s), outcome: 'failed', reason: 'disk full', retryable: false };
      return succeed(s);
    });
    expect(state.phase).toBe('Compensated');
    expect(state.failure).toBe('report failed after 1 attempt(s): disk full');
    expect(commands.map((c) => `${c.data.step}:${c.data.sagaRef.action}`)).toEqual([
      'write-probe:do',
      'verify-probe:do',
      'report:do',
      'verify-probe:undo',
      'write-probe:undo',
    ]);
    expect(log.map((e) => e.type)).toContain('CompensationStarted');
  });

  it('retries a timed-out step per policy, then compensates', () => {
    const input: SelfTestInput = { probe: 'p', maxAttempts: 3, stepTimeoutMs: 500, retryBackoffMs: 100 };
    const { state, log } = run(input, (s) => {
      if (s.phase !== 'Running' && s.phase !== 'Compensating') return undefined;
      if (s.retryPending) return { kind: 'retry', ref: { ...refOf(s), attempt: s.current!.attempt + 1 } };
      if (s.current!.step === 'verify-probe' && s.current!.action === 'do') return { kind: 'timeout', ref: refOf(s) };
      return succeed(s);
    });
    const attempts = log.filter((e) => e.type === 'StepDispatched' && e.step === 'verify-probe' && e.action === 'do');
    expect(attempts).toHaveLength(3);
    expect(log.filter((e) => e.type === 'StepAttemptFailed')).toHaveLength(2);
    expect(state.phase).toBe('Compensated');
    expect(state.undone).toEqual(['write-probe']);
  });

  it('ignores stale and duplicate answers', () => {
    let state = saga.initialState();
    for (const e of saga.decide(state, { kind: 'start', input: { probe: 'p' } }, t0)) state = saga.evolve(state, e);
    const ref = refOf(state);
    const first = saga.decide(state, { kind: 'reply', ref, outcome: 'succeeded' }, t0);
    for (const e of first) state = saga.evolve(state, e);
    expect(saga.decide(state, { kind: 'reply', ref, outcome: 'succeeded' }, t0)).toEqual([]);
    expect(saga.decide(state, { kind: 'timeout', ref }, t0)).toEqual([]);
    expect(saga.decide(state, { kind: 'start', input: { probe: 'p' } }, t0)).toEqual([]);
  });

  it('fails, and says so, when an undo fails', () => {
    const { state, log } = run({ probe: 'p', maxAttempts: 1 }, (s) => {
      if (!s.awaiting) return undefined;
      if (s.current!.step === 'report') return { kind: 'reply', ref: refOf(s), outcome: 'failed', reason: 'boom', retryable: false };
      if (s.current!.action === 'undo') return { kind: 'reply', ref: refOf(s), outcome: 'failed', reason: 'still locked', retryable: false };
      return succeed(s);
    });
    expect(state.phase).toBe('Failed');
    expect(state.failure).toBe('undo of verify-probe failed after 1 attempt(s): still locked');
    expect(log[log.length - 1]!.type).toBe('SagaFailed');
  });

  it('folds the log back into the same state (resume after a crash)', () => {
    const { state, log } = run({ probe: 'p' }, succeed);
    const replayed = log.reduce((s, e) => saga.evolve(s, e), saga.initialState());
    expect(replayed).toEqual(state);
  });
});
