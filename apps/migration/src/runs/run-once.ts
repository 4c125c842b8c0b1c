import { createHash } from 'node:crypto';
import type { JetStreamContext } from '@tandem/bus';
import { TandemError, type MessageDefinition, type NamespacedName, type SagaRef } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import { handleOnce, withRequestLock } from '@tandem/persistence';
import type { ServiceRuntime } from '@tandem/service';
import { failedRun, type RunAnswer, type RunKind, type RunResult } from './migration-run';
import { findRun, recordRun } from './migration-run.store';

/** Well within the bus's 30 s ack wait. */
const KEEP_ALIVE_MS = 5_000;

export interface RunSpec {
  kind: RunKind;
  requestId: string;
  sagaRef?: SagaRef;
  migration?: string;
  clusterPair?: NamespacedName;
  /** What the failure reason starts with, e.g. `cannot migrate the resources of ClusterPair ns/name`. */
  failurePrefix: string;
  succeeded: MessageDefinition<unknown>;
  failed: MessageDefinition<unknown>;
  /** The slow work, outside any transaction. `TandemError`s become failure answers; anything else is thrown. */
  work: () => Promise<RunResult>;
}

/**
 * Runs a command once per requestId: under the requestId's advisory lock, a recorded final outcome is answered
 * again as it was (to this command's sagaRef); otherwise the work is done, then its result recorded and answered in
 * one transaction with the message's inbox entry. The answer's id is the requestId and the command's id, so that
 * each command gets its answer and a redelivered command gets the same one.
 */
export async function runOnce(runtime: ServiceRuntime, ctx: JetStreamContext, logger: JsonLogger, spec: RunSpec): Promise<void> {
  await withRequestLock(runtime.db, 'migration_run', spec.requestId, () => ctx.working(), async () => {
    const recorded = await findRun(runtime.db, spec.requestId);
    let result: RunResult;
    let fresh = false;
    if (recorded !== undefined && recorded.outcome !== 'retryable-failure') {
      result =
        recorded.kind === spec.kind
          ? recorded
          : failedRun(`requestId ${spec.requestId} already names a ${recorded.kind} run; give this ${spec.kind} command a requestId of its own`, false);
      logger.info('run answered as recorded', { requestId: spec.requestId, kind: spec.kind, outcome: recorded.outcome });
    } else {
      const keepAlive = setInterval(() => ctx.working(), KEEP_ALIVE_MS);
      try {
        result = await attempt(spec);
      } finally {
        clearInterval(keepAlive);
      }
      fresh = true;
      logger.info('run done', { requestId: spec.requestId, kind: spec.kind, ok: result.answer.ok, resources: result.resources.length, volumes: result.volumes.length });
    }
    await handleOnce(runtime.db, ctx.consumer, ctx.event, async (m) => {
      if (fresh) {
        await recordRun(m, {
          ...result,
          requestId: spec.requestId,
          kind: spec.kind,
          ...(spec.clusterPair === undefined ? {} : { clusterPair: spec.clusterPair }),
          ...(spec.migration === undefined ? {} : { migration: spec.migration }),
        });
      }
      await runtime.outbox.append(m, [answerOf(spec, result.answer, ctx.event.id)]);
    });
  });
}

async function attempt(spec: RunSpec): Promise<RunResult> {
  try {
    const result = await spec.work();
    return result.answer.ok ? result : { ...result, answer: { ...result.answer, reason: `${spec.failurePrefix}: ${result.answer.reason}` } };
  } catch (error) {
    if (!(error instanceof TandemError)) throw error;
    return failedRun(`${spec.failurePrefix}: ${error.message}`, error.retryable);
  }
}

function answerOf(spec: RunSpec, answer: RunAnswer, commandId: string) {
  const common = { requestId: spec.requestId, ...(spec.sagaRef === undefined ? {} : { sagaRef: spec.sagaRef }) };
  return {
    id: answerId(spec.requestId, commandId),
    correlationid: spec.sagaRef?.sagaId ?? spec.requestId,
    causationid: commandId,
    definition: answer.ok ? spec.succeeded : spec.failed,
    data: answer.ok ? { ...common, output: answer.output } : { ...common, reason: truncate(answer.reason), retryable: answer.retryable },
  };
}

/** `<requestId>/<command id>/answer`, or a digest of both when that is longer than an event id may be. */
function answerId(requestId: string, commandId: string): string {
  const id = `${requestId}/${commandId}/answer`;
  return id.length <= 200 ? id : `migration-answer/${createHash('sha256').update(`${requestId}\n${commandId}`).digest('hex')}`;
}

const REASON_MAX = 4_000;
const truncate = (reason: string): string => (reason.length <= REASON_MAX ? reason : `${reason.slice(0, REASON_MAX - 1)}…`);
