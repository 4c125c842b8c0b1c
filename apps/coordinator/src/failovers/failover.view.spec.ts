import type { SagaPhase, SagaRef } from '@tandem/contracts';
import { FAILOVER_SAGA, type FailoverInput, failoverSagaId, type SagaTrigger, type StepSagaState } from '@tandem/sagas';
import { failoverView, type FailoverSagaRow } from './failover.view';

type State = StepSagaState<FailoverInput>;
type Answer = { ok: true; output: unknown } | { ok: false; reason: string } | 'none';

const t0 = new Date('2026-11-26T12:00:00Z');
const NAME = 'appns-protect-failover-2026-11-26-120000';
const SAGA_ID = failoverSagaId('appns', NAME);

const input = (over: Partial<FailoverInput> = {}): FailoverInput => ({
  failover: NAME,
  namespace: 'appns',
  schedule: 'appns-protect',
  sourceDomain: 'primary',
  destinationDomain: 'dr-site',
  namespaces: ['appns'],
  selectors: {},
  skipSourceOperations: false,
  releaseTimeoutSeconds: 60,
  readyTimeoutSeconds: 120,
  ...over,
});

const workloads = [{ kind: 'StatefulSet', namespace: 'appns', name: 'pg', replicas: 1, ready: 1 }];
const lastMigration = { name: 'appns-protect-interval-x', status: 'Successful', takenAt: '2026-11-26T11:59:50.000Z' };
const OK: Record<string, unknown> = {
  'probe-source': { domain: 'primary', reachable: true, at: t0.toISOString() },
  'prepare-source': { domain: 'primary', scheduleSuspended: true, scaledDown: [{ kind: 'StatefulSet', namespace: 'appns', name: 'pg', replicas: 1 }], lastMigration },
  'fence-source': { domain: 'primary', active: false, epoch: 3, changed: true },
  'activate-destination': { domain: 'dr-site', active: true, epoch: 1, changed: false },
  'activate-application': { action: 'activate', workloads, readyAt: t0.toISOString() },
};

/** Runs the real saga definition, answering each step as `answer` says ('none': leave it waiting). */
function run(start: FailoverInput, answer: (step: string, action: string) => Answer): State {
  let state = FAILOVER_SAGA.initialState();
  let trigger: SagaTrigger | undefined = { kind: 'start', input: start };
  for (let turn = 0; trigger && turn < 40; turn++) {
    for (const e of FAILOVER_SAGA.decide(state, trigger, new Date(t0.getTime() + turn * 1000), SAGA_ID)) state = FAILOVER_SAGA.evolve(state, e);
    if (!state.awaiting) break;
    const ref: SagaRef = { sagaId: SAGA_ID, ...state.current! };
    const a = answer(state.current!.step, state.current!.action);
    if (a === 'none') break;
    trigger = a.ok ? { kind: 'reply', ref, outcome: 'succeeded', output: a.output } : { kind: 'reply', ref, outcome: 'failed', reason: a.reason, retryable: false };
  }
  return state as State;
}

const row = (state: State, endedAfterSeconds?: number): FailoverSagaRow => ({
  phase: state.phase as SagaPhase,
  state,
  created_at: t0,
  ended_at: endedAfterSeconds === undefined ? null : new Date(t0.getTime() + endedAfterSeconds * 1000),
});

describe('the failover view', () => {
  it('names the saga failover_<namespace>_<name>, or a stable digest when that is too long', () => {
    expect(SAGA_ID).toBe(`failover_appns_${NAME}`);
    const long = failoverSagaId('a'.repeat(63), 'b'.repeat(63));
    expect(long).toMatch(/^failover_[0-9a-f]{40}$/);
    expect(failoverSagaId('a'.repeat(63), 'b'.repeat(63))).toBe(long);
    expect(failoverSagaId('a'.repeat(63), 'c'.repeat(63))).not.toBe(long);
  });

  it('a completed failover: Successful, stage Done, the source stopped, the last migration, the workloads, the RTO', () => {
    const view = failoverView(row(run(input(), (step) => ({ ok: true, output: OK[step] })), 42.5));
    expect(view).toEqual({
      name: NAME,
      namespace: 'appns',
      schedule: 'appns-protect',
      sourceDomain: 'primary',
      destinationDomain: 'dr-site',
      namespaces: ['appns'],
      stage: 'Done',
      status: 'Successful',
      sourceReachable: true,
      sourceStopped: true,
      lastMigration,
      workloads,
      rtoSeconds: 42.5,
      createdAt: t0.toISOString(),
      finishedAt: '2026-11-26T12:00:42.500Z',
    });
  });

  it('in progress: the stage is the step waiting for its answer, no RTO yet', () => {
    const view = failoverView(row(run(input(), (step) => (step === 'fence-source' ? 'none' : { ok: true, output: OK[step] }))));
    expect(view).toEqual(expect.objectContaining({ stage: 'fence-source', status: 'InProgress', sourceStopped: true, workloads: [] }));
    expect(view.rtoSeconds).toBeUndefined();
    expect(view.finishedAt).toBeUndefined();
    expect(view.reason).toBeUndefined();
  });

  it('between fencing the source and starting the application: the stage is activate-destination', () => {
    const view = failoverView(row(run(input(), (step) => (step === 'activate-destination' ? 'none' : { ok: true, output: OK[step] }))));
    expect(view).toEqual(expect.objectContaining({ stage: 'activate-destination', status: 'InProgress', sourceStopped: true, workloads: [] }));
  });

  it('this domain failing to activate: RolledBack at activate-destination, the reason kept', () => {
    const state = run(input(), (step, action) => (step === 'activate-destination' && action === 'do' ? { ok: false, reason: 'the fence could not be written' } : { ok: true, output: OK[step] }));
    const view = failoverView(row(state, 20));
    expect(view).toEqual(expect.objectContaining({ stage: 'activate-destination', status: 'RolledBack', sourceStopped: false }));
    expect(view.reason).toContain('the fence could not be written');
  });

  it('the source unreachable: not stopped, reachable false, still fenced and activated', () => {
    const state = run(input(), (step) => ({ ok: true, output: step === 'probe-source' ? { domain: 'primary', reachable: false, reason: 'no answer', at: t0.toISOString() } : OK[step] }));
    const view = failoverView(row(state, 10));
    expect(view).toEqual(expect.objectContaining({ status: 'Successful', sourceReachable: false, sourceStopped: false, rtoSeconds: 10 }));
    expect(view.lastMigration).toBeUndefined();
  });

  it('skipping source operations: no probe, so nothing said of reachability', () => {
    const view = failoverView(row(run(input({ skipSourceOperations: true }), (step) => ({ ok: true, output: OK[step] })), 5));
    expect(view.status).toBe('Successful');
    expect(view).not.toHaveProperty('sourceReachable');
    expect(view.sourceStopped).toBe(false);
  });

  it('activation failing after the source was stopped: RolledBack at the failed stage, the source no longer stopped, the reason kept', () => {
    const state = run(input(), (step, action) => (step === 'activate-application' && action === 'do' ? { ok: false, reason: 'Deployment appns/web has 0 of 2 pods ready' } : { ok: true, output: OK[step] }));
    const view = failoverView(row(state, 30));
    expect(view).toEqual(expect.objectContaining({ stage: 'activate-application', status: 'RolledBack', sourceStopped: false, workloads: [] }));
    expect(view.reason).toContain('activate-application failed after 1 attempt(s): Deployment appns/web has 0 of 2 pods ready');
    expect(view.rtoSeconds).toBeUndefined();
  });

  it('while undoing: InProgress, the stage the failed step, the reason said', () => {
    const state = run(input(), (step, action) => (action === 'undo' ? 'none' : step === 'activate-application' ? { ok: false, reason: 'fenced' } : { ok: true, output: OK[step] }));
    expect(state.phase).toBe('Compensating');
    expect(failoverView(row(state))).toEqual(expect.objectContaining({ stage: 'activate-application', status: 'InProgress', reason: expect.stringContaining('fenced') }));
  });

  it('an undo failing: Failed, at the step whose undo failed', () => {
    const state = run(input(), (step, action) =>
      action === 'undo' && step === 'prepare-source' ? { ok: false, reason: 'the source did not scale back up' } : step === 'activate-application' ? { ok: false, reason: 'not ready' } : { ok: true, output: OK[step] },
    );
    const view = failoverView(row(state, 60));
    expect(view).toEqual(expect.objectContaining({ stage: 'prepare-source', status: 'Failed', sourceStopped: true }));
    expect(view.reason).toContain('undo of prepare-source failed');
  });
});
