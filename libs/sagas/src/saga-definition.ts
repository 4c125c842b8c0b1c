import type { MessageDefinition, SagaPhase as ContractPhase, SagaRef, Schema } from '@tandem/contracts';

/**
 * Running      steps are being done
 * Completed    every step succeeded
 * Compensating a step failed; the completed steps are being undone, last first
 * Compensated  every completed step was undone
 * Failed       an undo failed: the saga stopped and needs a person (reported, never swallowed)
 */
export type SagaPhase = ContractPhase;

/** What moves a saga: its start, an answer to one of its commands, or one of its timers. */
export type SagaTrigger =
  | { kind: 'start'; input: unknown }
  | { kind: 'reply'; ref: SagaRef; outcome: 'succeeded'; output?: unknown }
  | { kind: 'reply'; ref: SagaRef; outcome: 'failed'; reason: string; retryable: boolean }
  | { kind: 'timeout'; ref: SagaRef }
  | { kind: 'retry'; ref: SagaRef };

type Attempt = { step: string; action: 'do' | 'undo'; attempt: number };

/** The append-only step log: each entry is a fact decided once and folded by `evolve`. */
export type SagaLogEvent = { at: string } & (
  | { type: 'SagaStarted'; input: unknown }
  | ({ type: 'StepDispatched'; deadline: string } & Attempt)
  | ({ type: 'StepSucceeded'; output?: unknown } & Attempt)
  | ({ type: 'StepAttemptFailed'; reason: string; retryAt: string } & Attempt)
  | ({ type: 'StepFailed'; reason: string } & Attempt)
  | { type: 'CompensationStarted'; reason: string }
  | { type: 'SagaCompleted' }
  | { type: 'SagaCompensated'; reason: string }
  | { type: 'SagaFailed'; reason: string }
);

export interface SagaCommand {
  message: MessageDefinition<unknown>;
  data: unknown;
  /** Deterministic: the same attempt of the same step always has the same id. */
  id: string;
  /** The cluster domain a scoped command goes to. */
  scope?: string;
}

export type TimerChange =
  | { op: 'set'; key: string; dueAt: string; trigger: SagaTrigger }
  | { op: 'clear'; key: string };

export interface SagaEffects {
  commands: SagaCommand[];
  timers: TimerChange[];
}

/**
 * A saga is pure: `decide` says which facts follow from a trigger at a given time (time is passed in, never
 * read), `evolve` folds a fact into the state, `effects` says which commands and timers a fact implies. The
 * engine persists facts, state, commands (outbox) and timers in one transaction.
 */
export interface SagaDefinition<S = unknown> {
  readonly name: string;
  readonly input: Schema<unknown>;
  initialState(): S;
  decide(state: S, trigger: SagaTrigger, now: Date, sagaId?: string): SagaLogEvent[];
  evolve(state: S, event: SagaLogEvent): S;
  effects(state: S, event: SagaLogEvent, sagaId: string): SagaEffects;
  phase(state: S): SagaPhase;
  /** What the saga produced, for its API and its completion event. */
  result(state: S): unknown;
}

export const isTerminal = (phase: SagaPhase): boolean =>
  phase === 'Completed' || phase === 'Compensated' || phase === 'Failed';
