import { int, obj, oneOf, opt, record, RunSelfTestStep, SelfTestStep, str } from '@tandem/contracts';
import type { Infer } from '@tandem/contracts';
import { defineStepSaga, StepSpec } from './step-saga';

export const selfTestInput = obj({
  /** The cluster domain whose agent runs the test. */
  domain: opt(str({ max: 63, pattern: /^[a-z][a-z0-9_-]*$/ })),
  /** Free text written into the probe, returned by the report. */
  probe: str({ max: 256 }),
  /** Rehearse a failure: `fail` answers with a failure, `hang` never answers. */
  faults: opt(record(oneOf(['fail', 'hang'] as const))),
  stepTimeoutMs: opt(int({ min: 100, max: 600_000 })),
  maxAttempts: opt(int({ min: 1, max: 10 })),
  retryBackoffMs: opt(int({ min: 0, max: 600_000 })),
  /** Each step is held this long by the agent before it answers. */
  holdMs: opt(int({ min: 0, max: 600_000 })),
});
export type SelfTestInput = Infer<typeof selfTestInput>;

const step = (name: SelfTestStep, undoable: boolean): StepSpec<SelfTestInput> => {
  const command = (action: 'do' | 'undo') => (ctx: { input: SelfTestInput }) => {
    const fault = action === 'do' ? ctx.input.faults?.[name] : undefined;
    const hold = ctx.input.holdMs;
    return {
      message: RunSelfTestStep,
      scope: ctx.input.domain ?? 'primary',
      data: { step: name, probe: ctx.input.probe, ...(fault ? { fault } : {}), ...(hold ? { holdMs: hold } : {}) },
    };
  };
  return {
    name,
    command: command('do'),
    ...(undoable ? { compensate: command('undo') } : {}),
    timeoutMs: (input) => input.stepTimeoutMs ?? 30_000,
    retry: (input) => ({ maxAttempts: input.maxAttempts ?? 3, backoffMs: [input.retryBackoffMs ?? 1_000] }),
  };
};

/**
 * The control-plane self-test: an agent writes a probe, verifies it, and reports. It crosses every moving
 * part of a real saga (outbox, JetStream, inbox, timers, compensation) and touches no application.
 */
export const SELFTEST_SAGA = defineStepSaga<SelfTestInput>({
  name: 'selftest',
  input: selfTestInput,
  steps: [step('write-probe', true), step('verify-probe', true), step('report', false)],
});
