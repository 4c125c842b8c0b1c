import { defineMessage } from './message-definition';
import { json, obj, oneOf, opt, str } from './schema';

export const SAGA_PHASES = ['Running', 'Completed', 'Compensating', 'Compensated', 'Failed'] as const;
export type SagaPhase = (typeof SAGA_PHASES)[number];

const sagaFacts = {
  sagaId: str({ max: 64 }),
  saga: str({ max: 64 }),
  phase: oneOf(SAGA_PHASES),
  reason: opt(str({ max: 4000 })),
  result: opt(json()),
};

export const StartSaga = defineMessage({
  kind: 'command',
  service: 'coordinator',
  name: 'start-saga',
  version: 1,
  description: 'Start a saga by name with its input; the id makes the request idempotent.',
  schema: obj({ sagaId: str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ }), saga: str({ max: 64 }), input: json() }),
});

export const SagaStarted = defineMessage({
  kind: 'event', service: 'coordinator', name: 'saga-started', version: 1,
  description: 'A saga was accepted and its first step sent.',
  schema: obj(sagaFacts),
});

export const SagaCompleted = defineMessage({
  kind: 'event', service: 'coordinator', name: 'saga-completed', version: 1,
  description: 'Every step of a saga succeeded.',
  schema: obj(sagaFacts),
});

export const SagaCompensated = defineMessage({
  kind: 'event', service: 'coordinator', name: 'saga-compensated', version: 1,
  description: 'A step failed and every completed step before it was undone, in reverse order.',
  schema: obj(sagaFacts),
});

export const SagaFailed = defineMessage({
  kind: 'event', service: 'coordinator', name: 'saga-failed', version: 1,
  description: 'A compensation failed: the saga stopped and needs a person. Never swallowed.',
  schema: obj(sagaFacts),
});
