import { createHash } from 'node:crypto';
import type { JetStreamContext } from '@tandem/bus';
import { type MessageDefinition, type SagaRef, TandemError } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import { handleOnce, withRequestLock } from '@tandem/persistence';
import type { ServiceRuntime } from '@tandem/service';
import { findOperation, type OperationKind, type OperationOutcome, recordOperation } from './operation.store';

/** Well within the bus's 30 s ack wait. */
const KEEP_ALIVE_MS = 5_000;
const REASON_MAX = 4_000;

export interface OperationSpec {
  kind: OperationKind;
  requestId: string;
  sagaRef?: SagaRef;
  succeeded: MessageDefinition<unknown>;
  failed: MessageDefinition<unknown>;
  /** The slow work, outside any transaction. A `TandemError` becomes a failure answer; anything else is thrown (retried). */
  work: () => Promise<OperationOutcome>;
}

/**
 * Runs a command once per requestId: under the requestId's advisory lock, a recorded outcome (other than a
 * retryable failure) is answered again as it was; otherwise the work is done, then its outcome recorded and answered
 * in one transaction with the message's inbox entry. The answer's id is `<requestId>/answer/<command id>`: a
 * repeated command (the next attempt of a saga step) gets its own answer, a redelivery of the same command does not.
 */
export async function runOperation(runtime: ServiceRuntime, ctx: JetStreamContext, logger: JsonLogger, spec: OperationSpec): Promise<void> {
  await withRequestLock(runtime.db, 'failover_operation', spec.requestId, () => ctx.working(), async () => {
    const recorded = await findOperation(runtime.db, spec.requestId);
    let outcome: OperationOutcome;
    let fresh = false;
    if (recorded !== undefined && !(recorded.outcome.ok === false && recorded.outcome.retryable)) {
      outcome =
        recorded.kind === spec.kind
          ? recorded.outcome
          : { ok: false, reason: `requestId ${spec.requestId} already names a ${recorded.kind} command; give this ${spec.kind} command a requestId of its own`, retryable: false };
      logger.info('answered as recorded', { requestId: spec.requestId, kind: spec.kind, ok: recorded.outcome.ok });
    } else {
      const keepAlive = setInterval(() => ctx.working(), KEEP_ALIVE_MS);
      try {
        outcome = await attempt(spec);
      } finally {
        clearInterval(keepAlive);
      }
      fresh = true;
      logger.info(`${spec.kind} done`, { requestId: spec.requestId, ok: outcome.ok, ...(outcome.ok ? {} : { reason: outcome.reason }) });
    }
    await handleOnce(runtime.db, ctx.consumer, ctx.event, async (m) => {
      if (fresh) await recordOperation(m, spec.requestId, spec.kind, outcome);
      await runtime.outbox.append(m, [answerOf(spec, outcome, ctx.event.id)]);
    });
  });
}

async function attempt(spec: OperationSpec): Promise<OperationOutcome> {
  try {
    return await spec.work();
  } catch (error) {
    if (!(error instanceof TandemError)) throw error;
    return { ok: false, reason: error.message, retryable: error.retryable };
  }
}

export function answerOf(spec: Pick<OperationSpec, 'requestId' | 'sagaRef' | 'succeeded' | 'failed'>, outcome: OperationOutcome, commandId: string) {
  const common = { requestId: spec.requestId, ...(spec.sagaRef === undefined ? {} : { sagaRef: spec.sagaRef }) };
  return {
    id: answerId(spec.requestId, commandId),
    correlationid: spec.sagaRef?.sagaId ?? spec.requestId,
    causationid: commandId,
    definition: outcome.ok ? spec.succeeded : spec.failed,
    data: outcome.ok ? { ...common, output: outcome.output } : { ...common, reason: truncate(outcome.reason), retryable: outcome.retryable },
  };
}

/** `<requestId>/answer/<command id>`, or a digest of both when that is longer than an event id may be. */
export function answerId(requestId: string, commandId: string): string {
  const id = `${requestId}/answer/${commandId}`;
  return id.length <= 200 ? id : `failover-answer/${createHash('sha256').update(`${requestId}\n${commandId}`).digest('hex')}`;
}

const truncate = (reason: string): string => (reason.length <= REASON_MAX ? reason : `${reason.slice(0, REASON_MAX - 1)}…`);
