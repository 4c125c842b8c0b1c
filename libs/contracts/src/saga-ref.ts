import { int, obj, oneOf, str } from './schema';
import type { Infer } from './schema';

/**
 * Every command a saga sends carries this reference, and the service echoes it in the event it answers with,
 * so the coordinator can route the answer to the saga, step, attempt and direction (do or undo) that asked.
 */
export const sagaRefSchema = obj({
  sagaId: str({ max: 64, pattern: /^[A-Za-z0-9_-]+$/ }),
  step: str({ max: 64, pattern: /^[a-z][a-z0-9-]*$/ }),
  attempt: int({ min: 1, max: 1000 }),
  action: oneOf(['do', 'undo'] as const),
});
export type SagaRef = Infer<typeof sagaRefSchema>;

/** The idempotency key of one attempt of one step: the same command is never acted on twice. */
export const sagaRefKey = (ref: SagaRef): string => `${ref.sagaId}/${ref.step}/${ref.action}/${ref.attempt}`;
