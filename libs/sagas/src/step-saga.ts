import { MessageDefinition, SagaRef, sagaRefKey, Schema } from '@tandem/contracts';
import { DEFAULT_RETRY, retryDelayMs, RetryPolicy } from './retry-policy';
import type { SagaDefinition, SagaEffects, SagaLogEvent, SagaPhase, SagaTrigger } from './saga-definition';

export interface StepContext<I> {
  sagaId: string;
  input: I;
  outputs: Readonly<Record<string, unknown>>;
}

export interface StepCommand<T = unknown> {
  message: MessageDefinition<T>;
  /** The command's data without `sagaRef`, which the saga adds. */
  data: Omit<T, 'sagaRef'>;
  /** The cluster domain, for a command routed to one. */
  scope?: string;
}

export interface StepSpec<I> {
  name: string;
  command(ctx: StepContext<I>): StepCommand<never> | StepCommand<unknown>;
  /** How to undo the step once it completed; a step without one needs no undo. */
  compensate?(ctx: StepContext<I>): StepCommand<never> | StepCommand<unknown>;
  timeoutMs?: number | ((input: I) => number);
  retry?: RetryPolicy | ((input: I) => RetryPolicy);
  /** True when this run has nothing for the step to do (decided when the step is reached): it is passed over. */
  skip?(ctx: StepContext<I>): boolean;
}

/** How a step saga ended, for the messages it sends when it does. */
export interface StepSagaEnd<I> extends StepContext<I> {
  phase: 'Completed' | 'Compensated' | 'Failed';
  failure?: string;
  at: string;
}

export interface StepSagaState<I> {
  phase: SagaPhase | 'New';
  input?: I;
  outputs: Record<string, unknown>;
  /** Forward steps that completed, in order. */
  done: string[];
  /** Completed steps still to undo, next first. */
  undo: string[];
  undone: string[];
  current?: { step: string; action: 'do' | 'undo'; attempt: number };
  /** Waiting for the answer to `current`. */
  awaiting: boolean;
  /** `current` failed and its retry timer is set. */
  retryPending: boolean;
  failure?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A saga of steps done in order. Each attempt of a step has a deadline; a retryable failure or a missed
 * deadline is retried per the step's policy; a final failure undoes the completed steps in reverse order.
 */
export function defineStepSaga<I>(def: {
  name: string;
  input: Schema<I>;
  steps: StepSpec<I>[];
  /** Messages sent once when the saga ends (completed, compensated or failed), e.g. a domain event saying how it went. */
  onEnd?(end: StepSagaEnd<I>): StepCommand<never>[] | StepCommand<unknown>[];
}): SagaDefinition<StepSagaState<I>> {
  const names = def.steps.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`saga ${def.name} has two steps of the same name`);
  const spec = (name: string): StepSpec<I> => {
    const s = def.steps.find((x) => x.name === name);
    if (!s) throw new Error(`saga ${def.name} has no step ${name}`);
    return s;
  };
  const timeoutOf = (s: StepSpec<I>, input: I) =>
    typeof s.timeoutMs === 'function' ? s.timeoutMs(input) : (s.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const retryOf = (s: StepSpec<I>, input: I) => (typeof s.retry === 'function' ? s.retry(input) : (s.retry ?? DEFAULT_RETRY));
  const iso = (d: Date, plusMs = 0) => new Date(d.getTime() + plusMs).toISOString();

  const dispatch = (state: StepSagaState<I>, step: string, action: 'do' | 'undo', attempt: number, now: Date): SagaLogEvent => ({
    type: 'StepDispatched',
    step,
    action,
    attempt,
    deadline: iso(now, timeoutOf(spec(step), state.input as I)),
    at: iso(now),
  });

  /** The first step from `from` on that this run does not skip. */
  const nextStep = (state: StepSagaState<I>, from: number, sagaId: string): string | undefined => {
    const ctx: StepContext<I> = { sagaId, input: state.input as I, outputs: state.outputs };
    return names.slice(from).find((name) => !spec(name).skip?.(ctx));
  };

  const afterSuccess = (state: StepSagaState<I>, now: Date, sagaId: string): SagaLogEvent[] => {
    const cur = state.current!;
    if (cur.action === 'do') {
      const next = nextStep(state, names.indexOf(cur.step) + 1, sagaId);
      return next ? [dispatch(state, next, 'do', 1, now)] : [{ type: 'SagaCompleted', at: iso(now) }];
    }
    const next = state.undo.filter((s) => s !== cur.step)[0];
    return next
      ? [dispatch(state, next, 'undo', 1, now)]
      : [{ type: 'SagaCompensated', reason: state.failure ?? 'compensated', at: iso(now) }];
  };

  const afterFailure = (state: StepSagaState<I>, reason: string, retryable: boolean, now: Date): SagaLogEvent[] => {
    const cur = state.current!;
    const policy = retryOf(spec(cur.step), state.input as I);
    if (retryable && cur.attempt < policy.maxAttempts) {
      return [{ type: 'StepAttemptFailed', ...cur, reason, retryAt: iso(now, retryDelayMs(policy, cur.attempt)), at: iso(now) }];
    }
    const failed: SagaLogEvent = { type: 'StepFailed', ...cur, reason, at: iso(now) };
    if (cur.action === 'undo') {
      return [failed, { type: 'SagaFailed', reason: `undo of ${cur.step} failed after ${cur.attempt} attempt(s): ${reason}`, at: iso(now) }];
    }
    const why = `${cur.step} failed after ${cur.attempt} attempt(s): ${reason}`;
    const toUndo = [...state.done].reverse().filter((s) => spec(s).compensate);
    if (toUndo.length === 0) return [failed, { type: 'SagaCompensated', reason: why, at: iso(now) }];
    return [failed, { type: 'CompensationStarted', reason: why, at: iso(now) }, dispatch(state, toUndo[0]!, 'undo', 1, now)];
  };

  const isCurrent = (state: StepSagaState<I>, ref: SagaRef) =>
    state.current !== undefined &&
    state.current.step === ref.step &&
    state.current.action === ref.action &&
    state.current.attempt === ref.attempt;

  const decide = (state: StepSagaState<I>, trigger: SagaTrigger, now: Date, sagaId = ''): SagaLogEvent[] => {
    switch (trigger.kind) {
      case 'start': {
        if (state.phase !== 'New') return [];
        const started: SagaLogEvent = { type: 'SagaStarted', input: trigger.input, at: iso(now) };
        const withInput = { ...state, input: trigger.input as I };
        const first = nextStep(withInput, 0, sagaId);
        return first === undefined ? [started, { type: 'SagaCompleted', at: iso(now) }] : [started, dispatch(withInput, first, 'do', 1, now)];
      }
      case 'reply': {
        if (!state.awaiting || !isCurrent(state, trigger.ref)) return [];
        if (trigger.outcome === 'succeeded') {
          const ok: SagaLogEvent = { type: 'StepSucceeded', ...state.current!, output: trigger.output, at: iso(now) };
          return [ok, ...afterSuccess(evolve(state, ok), now, sagaId)];
        }
        return afterFailure(state, trigger.reason, trigger.retryable, now);
      }
      case 'timeout': {
        if (!state.awaiting || !isCurrent(state, trigger.ref)) return [];
        const ms = timeoutOf(spec(trigger.ref.step), state.input as I);
        return afterFailure(state, `no answer within ${ms} ms`, true, now);
      }
      case 'retry': {
        const cur = state.current;
        if (!state.retryPending || !cur || cur.step !== trigger.ref.step || cur.action !== trigger.ref.action) return [];
        if (trigger.ref.attempt !== cur.attempt + 1) return [];
        return [dispatch(state, cur.step, cur.action, cur.attempt + 1, now)];
      }
    }
  };

  const evolve = (state: StepSagaState<I>, e: SagaLogEvent): StepSagaState<I> => {
    switch (e.type) {
      case 'SagaStarted':
        return { ...state, phase: 'Running', input: e.input as I };
      case 'StepDispatched':
        return { ...state, current: { step: e.step, action: e.action, attempt: e.attempt }, awaiting: true, retryPending: false };
      case 'StepSucceeded':
        return e.action === 'do'
          ? { ...state, awaiting: false, done: [...state.done, e.step], outputs: { ...state.outputs, [e.step]: e.output ?? null } }
          : { ...state, awaiting: false, undo: state.undo.filter((s) => s !== e.step), undone: [...state.undone, e.step] };
      case 'StepAttemptFailed':
        return { ...state, awaiting: false, retryPending: true };
      case 'StepFailed':
        return { ...state, awaiting: false, retryPending: false };
      case 'CompensationStarted':
        return {
          ...state,
          phase: 'Compensating',
          failure: e.reason,
          undo: [...state.done].reverse().filter((s) => spec(s).compensate),
        };
      case 'SagaCompleted':
        return { ...state, phase: 'Completed', current: undefined, awaiting: false };
      case 'SagaCompensated':
        return { ...state, phase: 'Compensated', failure: e.reason, current: undefined, awaiting: false };
      case 'SagaFailed':
        return { ...state, phase: 'Failed', failure: e.reason, awaiting: false, retryPending: false };
    }
  };

  const effects = (state: StepSagaState<I>, e: SagaLogEvent, sagaId: string): SagaEffects => {
    switch (e.type) {
      case 'StepDispatched': {
        const ref: SagaRef = { sagaId, step: e.step, action: e.action, attempt: e.attempt };
        const s = spec(e.step);
        const ctx: StepContext<I> = { sagaId, input: state.input as I, outputs: state.outputs };
        const cmd = e.action === 'do' ? s.command(ctx) : s.compensate!(ctx);
        return {
          commands: [
            {
              message: cmd.message as MessageDefinition<unknown>,
              data: { ...(cmd.data as object), sagaRef: ref },
              id: sagaRefKey(ref),
              ...(cmd.scope ? { scope: cmd.scope } : {}),
            },
          ],
          timers: [{ op: 'set', key: 'step', dueAt: e.deadline, trigger: { kind: 'timeout', ref } }],
        };
      }
      case 'StepAttemptFailed': {
        const ref: SagaRef = { sagaId, step: e.step, action: e.action, attempt: e.attempt + 1 };
        return { commands: [], timers: [{ op: 'set', key: 'step', dueAt: e.retryAt, trigger: { kind: 'retry', ref } }] };
      }
      case 'SagaCompleted':
      case 'SagaCompensated':
      case 'SagaFailed': {
        const phase = e.type === 'SagaCompleted' ? 'Completed' : e.type === 'SagaCompensated' ? 'Compensated' : 'Failed';
        const ended = def.onEnd?.({
          sagaId,
          input: state.input as I,
          outputs: state.outputs,
          phase,
          ...(state.failure === undefined ? {} : { failure: state.failure }),
          at: e.at,
        });
        const commands = (ended ?? []).map((cmd, i) => ({
          message: cmd.message as MessageDefinition<unknown>,
          data: cmd.data,
          id: `${sagaId}/end/${i}`,
          ...(cmd.scope ? { scope: cmd.scope } : {}),
        }));
        return { commands, timers: [{ op: 'clear', key: 'step' }] };
      }
      case 'StepSucceeded':
      case 'StepFailed':
        return { commands: [], timers: [{ op: 'clear', key: 'step' }] };
      case 'SagaStarted':
      case 'CompensationStarted':
        return { commands: [], timers: [] };
    }
  };

  return {
    name: def.name,
    input: def.input as Schema<unknown>,
    initialState: () => ({ phase: 'New', outputs: {}, done: [], undo: [], undone: [], awaiting: false, retryPending: false }),
    decide,
    evolve,
    effects,
    phase: (s) => (s.phase === 'New' ? 'Running' : s.phase),
    result: (s) => ({ outputs: s.outputs, done: s.done, undone: s.undone, ...(s.failure ? { failure: s.failure } : {}) }),
  };
}
