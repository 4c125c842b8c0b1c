import { CATALOG, type SagaRef } from '@tandem/contracts';
import { FAILOVER_SAGA, type FailoverInput } from './failover.saga';
import type { SagaCommand, SagaTrigger } from './saga-definition';
import type { StepSagaState } from './step-saga';

type State = StepSagaState<FailoverInput>;
type Answer = { ok: true; output: unknown } | { ok: false; reason: string };
const saga = FAILOVER_SAGA;
const SAGA_ID = 'failover_appns_appns-protect-failover-2026-11-26-120000';
const t0 = new Date('2026-11-26T12:00:00Z');

const input = (over: Partial<FailoverInput> = {}): FailoverInput => ({
  failover: 'appns-protect-failover-2026-11-26-120000',
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

const scaledDown = [{ kind: 'StatefulSet', namespace: 'appns', name: 'pg', replicas: 1 }];
const ANSWERS: Record<string, unknown> = {
  'probe-source': { domain: 'primary', reachable: true, at: t0.toISOString() },
  'prepare-source': { domain: 'primary', scheduleSuspended: true, scaledDown, lastMigration: { name: 'appns-protect-interval-x', status: 'Successful' } },
  'fence-source': { domain: 'primary', active: false, epoch: 3, changed: true },
  'activate-destination': { domain: 'dr-site', active: true, epoch: 1, changed: false },
  'activate-application': { action: 'activate', workloads: [{ kind: 'StatefulSet', namespace: 'appns', name: 'pg', replicas: 1, ready: 1 }], readyAt: t0.toISOString() },
};

function run(start: FailoverInput, answer: (step: string, action: string) => Answer) {
  let state = saga.initialState();
  const commands: SagaCommand[] = [];
  let trigger: SagaTrigger | undefined = { kind: 'start', input: start };
  for (let turn = 0; trigger && turn < 40; turn++) {
    for (const e of saga.decide(state, trigger, new Date(t0.getTime() + turn * 1000), SAGA_ID)) {
      state = saga.evolve(state, e);
      commands.push(...saga.effects(state, e, SAGA_ID).commands);
    }
    if (!state.awaiting) break;
    const ref: SagaRef = { sagaId: SAGA_ID, ...state.current! };
    const a = answer(state.current!.step, state.current!.action);
    trigger = a.ok ? { kind: 'reply', ref, outcome: 'succeeded', output: a.output } : { kind: 'reply', ref, outcome: 'failed', reason: a.reason, retryable: false };
  }
  return { state: state as State, commands };
}

const steps = (commands: SagaCommand[]) => commands.map((c) => `${c.message.name}${c.scope ? `@${c.scope}` : ''}`);

describe('the failover saga', () => {
  it('with the source answering: stops it cleanly (schedule, scale down, last mile), fences it, activates here', () => {
    const { state, commands } = run(input(), (step) => ({ ok: true, output: ANSWERS[step] }));
    expect(state.phase).toBe('Completed');
    expect(steps(commands)).toEqual(['probe-site', 'prepare-source-for-failover@primary', 'set-domain-active', 'set-domain-active', 'activate-applications']);
    for (const c of commands) expect(CATALOG.get(c.message.type)!.schema.parse(c.data, c.message.name)).toEqual(expect.objectContaining({ ok: true }));
    expect(commands[1]!.data).toMatchObject({ schedule: { namespace: 'appns', name: 'appns-protect' }, lastMile: true, namespaces: ['appns'] });
    expect(commands[2]!.data).toMatchObject({ requestId: `${SAGA_ID}.fence-source`, domain: 'primary', active: false });
    expect(commands[3]!.data).toMatchObject({ requestId: `${SAGA_ID}.activate-destination`, domain: 'dr-site', active: true });
    expect(state.outputs).toMatchObject({ 'activate-destination': ANSWERS['activate-destination'] });
  });

  it('a failback to a fenced primary: the source (dr-site) is fenced, then the primary activated, before the application starts there', () => {
    const back = input({ failover: 'appns-protect-back-failover-2026-11-26-130000', schedule: 'appns-protect-back', sourceDomain: 'dr-site', destinationDomain: 'primary' });
    const answers: Record<string, unknown> = {
      ...ANSWERS,
      'probe-source': { domain: 'dr-site', reachable: true, at: t0.toISOString() },
      'fence-source': { domain: 'dr-site', active: false, epoch: 2, changed: true },
      'activate-destination': { domain: 'primary', active: true, epoch: 4, changed: true },
    };
    const { state, commands } = run(back, (step) => ({ ok: true, output: answers[step] }));
    expect(state.phase).toBe('Completed');
    expect(steps(commands)).toEqual(['probe-site', 'prepare-source-for-failover@dr-site', 'set-domain-active', 'set-domain-active', 'activate-applications']);
    expect(commands[1]!.data).toMatchObject({ schedule: { namespace: 'appns', name: 'appns-protect-back' }, lastMile: true });
    expect(commands[2]!.data).toMatchObject({ domain: 'dr-site', active: false });
    expect(commands[3]!.data).toMatchObject({ domain: 'primary', active: true, reason: expect.stringContaining('from dr-site') });
  });

  it('this domain failing to activate: the source is unfenced and let run again', () => {
    let attempts = 0;
    const { state, commands } = run(input(), (step, action) => {
      if (step === 'activate-destination' && action === 'do') {
        attempts++;
        return { ok: false, reason: 'the fence could not be written' };
      }
      return { ok: true, output: action === 'undo' ? {} : ANSWERS[step] };
    });
    expect(attempts).toBe(1);
    expect(state.phase).toBe('Compensated');
    expect(state.failure).toContain('activate-destination failed');
    expect(steps(commands)).toEqual([
      'probe-site',
      'prepare-source-for-failover@primary',
      'set-domain-active',
      'set-domain-active',
      'set-domain-active',
      'restore-source-after-failover@primary',
    ]);
    expect(commands[4]!.data).toMatchObject({ requestId: `${SAGA_ID}.unfence-source`, domain: 'primary', active: true });
  });

  it('with the source gone (no answer, or told to skip it): fences it and activates here without waiting for it', () => {
    const gone = run(input(), (step) => ({ ok: true, output: step === 'probe-source' ? { domain: 'primary', reachable: false, reason: 'no answer', at: t0.toISOString() } : ANSWERS[step] }));
    expect(gone.state.phase).toBe('Completed');
    expect(steps(gone.commands)).toEqual(['probe-site', 'set-domain-active', 'set-domain-active', 'activate-applications']);
    const skipped = run(input({ skipSourceOperations: true }), (step) => ({ ok: true, output: ANSWERS[step] }));
    expect(steps(skipped.commands)).toEqual(['set-domain-active', 'set-domain-active', 'activate-applications']);
  });

  it('rolls back when activation here fails: the source domain is activated again and its application scaled back up', () => {
    const { state, commands } = run(input(), (step, action) =>
      step === 'activate-application' ? { ok: false, reason: 'StatefulSet appns/pg not ready within 120 s' } : { ok: true, output: action === 'undo' ? {} : ANSWERS[step] },
    );
    expect(state.phase).toBe('Compensated');
    expect(state.failure).toContain('StatefulSet appns/pg not ready within 120 s');
    expect(steps(commands)).toEqual([
      'probe-site',
      'prepare-source-for-failover@primary',
      'set-domain-active',
      'set-domain-active',
      'activate-applications',
      'set-domain-active',
      'restore-source-after-failover@primary',
    ]);
    expect(commands[5]!.data).toMatchObject({ domain: 'primary', active: true });
    expect(commands[6]!.data).toMatchObject({ workloads: scaledDown });
  });
});
