import { CloudEvent, MessageFailed, SAGA_REPLIES, SagaRef, sagaRefSchema } from '@tandem/contracts';
import type { SagaTrigger } from '@tandem/sagas';

/**
 * Turns an answer on the bus into a saga trigger: a service's success or failure event, or the bus's
 * `message-failed` when a saga's command was dead-lettered (the step then fails without retry — the
 * transport already retried it).
 */
export function sagaTriggerOf(event: CloudEvent<unknown>): { sagaId: string; trigger: SagaTrigger } | undefined {
  const data = event.data as { sagaRef?: unknown; output?: unknown; reason?: string; retryable?: boolean; consumer?: string };
  const parsed = sagaRefSchema.parse(data.sagaRef);
  if (!parsed.ok) return undefined;
  const ref: SagaRef = parsed.value;
  if (event.type === MessageFailed.type) {
    return {
      sagaId: ref.sagaId,
      trigger: { kind: 'reply', ref, outcome: 'failed', reason: `dead-lettered by ${data.consumer}: ${data.reason}`, retryable: false },
    };
  }
  const outcome = SAGA_REPLIES.get(event.type);
  if (outcome === 'succeeded') return { sagaId: ref.sagaId, trigger: { kind: 'reply', ref, outcome, output: data.output } };
  if (outcome === 'failed') {
    return {
      sagaId: ref.sagaId,
      trigger: { kind: 'reply', ref, outcome, reason: data.reason ?? 'failed', retryable: data.retryable === true },
    };
  }
  return undefined;
}
