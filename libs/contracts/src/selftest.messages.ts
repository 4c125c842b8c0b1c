import { defineMessage } from './message-definition';
import { sagaRefSchema } from './saga-ref';
import { bool, int, json, obj, oneOf, opt, str } from './schema';

/**
 * The self-test: a three-step saga (write a probe, verify it, report) that exercises the whole control
 * plane — outbox, bus, inbox, saga engine and an agent — without touching any application. `fault` lets an
 * operator rehearse the failure paths: `fail` answers with a failure, `hang` never answers (the step times out).
 */
export const SELFTEST_STEPS = ['write-probe', 'verify-probe', 'report'] as const;
export type SelfTestStep = (typeof SELFTEST_STEPS)[number];

export const RunSelfTestStep = defineMessage({
  kind: 'command',
  service: 'agent',
  name: 'run-selftest-step',
  version: 1,
  scoped: true,
  description: 'Do (or undo) one step of the control-plane self-test on an agent.',
  schema: obj({
    sagaRef: sagaRefSchema,
    step: oneOf(SELFTEST_STEPS),
    probe: str({ max: 256 }),
    fault: opt(oneOf(['fail', 'hang'] as const)),
    /** Hold the step this long before answering (rehearses slow storage). */
    holdMs: opt(int({ min: 0, max: 600_000 })),
  }),
});

export const SelfTestStepSucceeded = defineMessage({
  kind: 'event',
  service: 'agent',
  name: 'selftest-step-succeeded',
  version: 1,
  description: 'An agent did (or undid) one self-test step.',
  schema: obj({ sagaRef: sagaRefSchema, output: opt(json()) }),
});

export const SelfTestStepFailed = defineMessage({
  kind: 'event',
  service: 'agent',
  name: 'selftest-step-failed',
  version: 1,
  description: 'An agent could not do (or undo) one self-test step.',
  schema: obj({ sagaRef: sagaRefSchema, reason: str({ max: 2000 }), retryable: bool() }),
});
