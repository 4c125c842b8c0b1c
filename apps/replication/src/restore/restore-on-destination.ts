import type { EntityManager } from 'typeorm';
import {
  type DataOf,
  RestoreOnDestination,
  RestoreOnDestinationFailed,
  RestoredOnDestination,
  RestoreRecoveryPoint,
  type RestoreRecoveryPointFailed,
  type RestoreRecoveryPointSucceeded,
  type SagaRef,
} from '@tandem/contracts';
import type { OutgoingMessage, Outbox } from '@tandem/persistence';
import { agentCommandId, agentRequestId, answerId } from '../message-ids';
import {
  finishRestoreRequest,
  insertRestoreRequest,
  insertVolumeRestores,
  lockRestoreOfAgentRequest,
  lockRestoreRequest,
  type RecordedAnswer,
  recordVolumeResult,
  type RestoredVolume,
  updateAsker,
  volumeRestores,
  type VolumeRestoreRow,
} from './restore.store';

type Command = DataOf<typeof RestoreOnDestination>;
type AgentSucceeded = DataOf<typeof RestoreRecoveryPointSucceeded>;
type AgentFailed = DataOf<typeof RestoreRecoveryPointFailed>;

/** What a RestoreOnDestination command led to. */
export type StartOutcome =
  | { outcome: 'sent'; jobs: number }
  | { outcome: 'nothing-to-restore' }
  | { outcome: 'answered-again'; state: 'Succeeded' | 'Failed' }
  | { outcome: 'still-running' };

/** What an agent's answer led to. */
export type AgentAnswerOutcome =
  | { outcome: 'succeeded' | 'failed'; requestId: string }
  | { outcome: 'waiting'; requestId: string; left: number }
  | { outcome: 'already-finished' | 'not-ours' };

/** The answer to a restore, as recorded, echoed to whoever asked. */
function answerMessage(requestId: string, commandId: string, sagaRef: SagaRef | undefined, answer: RecordedAnswer): OutgoingMessage<unknown> {
  const common = { requestId, ...(sagaRef ? { sagaRef } : {}) };
  const envelope = { id: answerId(requestId, commandId), causationid: commandId, ...(sagaRef ? { correlationid: sagaRef.sagaId } : {}) };
  return 'output' in answer
    ? { ...envelope, definition: RestoredOnDestination, data: { ...common, output: answer.output } }
    : { ...envelope, definition: RestoreOnDestinationFailed, data: { ...common, reason: answer.reason, retryable: answer.retryable } };
}

/**
 * Takes a RestoreOnDestination, in the caller's transaction (the inbox's): the first command with a requestId
 * records the restore and its volumes and sends the destination's agents one job each (outbox, same
 * transaction); a repeat of a finished restore answers the recorded outcome again; a repeat of a running one
 * sends nothing new, and the answer, when it comes, goes to the newest asker.
 */
export async function startRestore(m: EntityManager, outbox: Outbox, cmd: Command, commandId: string): Promise<StartOutcome> {
  // Deliveries of commands with the same requestId (a redelivery and a saga's retry) one at a time.
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`replication/restore/${cmd.requestId}`]);
  const existing = await lockRestoreRequest(m, cmd.requestId);
  if (existing) {
    if (existing.state === 'Running' || !existing.answer) {
      await updateAsker(m, cmd.requestId, commandId, cmd.sagaRef);
      return { outcome: 'still-running' };
    }
    await outbox.append(m, [answerMessage(cmd.requestId, commandId, cmd.sagaRef, existing.answer)]);
    return { outcome: 'answered-again', state: existing.state };
  }

  const base = { requestId: cmd.requestId, commandId, destinationDomain: cmd.destinationDomain, ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}) };
  if (cmd.restores.length === 0) {
    const answer: RecordedAnswer = { output: { restores: [] } };
    await insertRestoreRequest(m, { ...base, state: 'Succeeded', answer });
    await outbox.append(m, [answerMessage(cmd.requestId, commandId, cmd.sagaRef, answer)]);
    return { outcome: 'nothing-to-restore' };
  }

  const volumes = cmd.restores.map((r, idx) => ({
    requestId: cmd.requestId,
    idx,
    agentRequestId: agentRequestId(cmd.requestId, idx),
    claim: r.claim,
    volume: r.volume,
    targetVolume: r.targetVolume,
    recoveryPointId: r.recoveryPointId,
  }));
  await insertRestoreRequest(m, { ...base, state: 'Running' });
  await insertVolumeRestores(m, volumes);
  await outbox.append(
    m,
    volumes.map((v) => ({
      definition: RestoreRecoveryPoint,
      id: agentCommandId(v.agentRequestId),
      causationid: commandId,
      ...(cmd.sagaRef ? { correlationid: cmd.sagaRef.sagaId } : {}),
      scope: cmd.destinationDomain,
      // No sagaRef: the agents answer this service, which answers the saga once every volume is restored.
      data: {
        requestId: v.agentRequestId,
        epoch: cmd.epoch,
        store: cmd.store,
        repository: cmd.repository,
        volume: v.volume,
        recoveryPointId: v.recoveryPointId,
        targetVolume: v.targetVolume,
      },
    })),
  );
  return { outcome: 'sent', jobs: volumes.length };
}

const describeVolume = (v: VolumeRestoreRow, domain: string): string =>
  `volume ${v.volume} (claim ${v.claim.namespace}/${v.claim.name}), recovery point ${v.recoveryPointId}, into ${v.targetVolume} on cluster domain ${domain}`;

/**
 * Records an agent's answer to one of the restore jobs, in the caller's transaction (the inbox's). The first
 * failure fails the restore, naming the volume and the agent's reason; the last success answers it with every
 * volume. Either answer is sent once: the restore row is locked and answered only while Running.
 */
export async function recordAgentAnswer(
  m: EntityManager,
  outbox: Outbox,
  answer: { succeeded: AgentSucceeded } | { failed: AgentFailed },
): Promise<AgentAnswerOutcome> {
  const data = 'succeeded' in answer ? answer.succeeded : answer.failed;
  const restore = await lockRestoreOfAgentRequest(m, data.requestId);
  if (!restore) return { outcome: 'not-ours' };
  const volume = await recordVolumeResult(
    m,
    data.requestId,
    'succeeded' in answer ? 'Succeeded' : 'Failed',
    'succeeded' in answer ? answer.succeeded.output : { reason: answer.failed.reason, retryable: answer.failed.retryable },
  );
  if (restore.state !== 'Running' || !volume) return { outcome: 'already-finished' };

  const volumes = await volumeRestores(m, restore.requestId);
  const failed = volumes.find((v) => v.status === 'Failed');
  if (failed) {
    const why = failed.result as { reason: string; retryable: boolean };
    const recorded: RecordedAnswer = {
      reason: `restoring ${describeVolume(failed, restore.destinationDomain)} failed: ${why.reason}`.slice(0, 4_000),
      retryable: why.retryable,
    };
    await finishRestoreRequest(m, restore.requestId, 'Failed', recorded);
    await outbox.append(m, [answerMessage(restore.requestId, restore.commandId, restore.sagaRef, recorded)]);
    return { outcome: 'failed', requestId: restore.requestId };
  }
  const left = volumes.filter((v) => v.status !== 'Succeeded').length;
  if (left > 0) return { outcome: 'waiting', requestId: restore.requestId, left };

  const restores: RestoredVolume[] = volumes.map((v) => {
    const out = v.result as AgentSucceeded['output'];
    return { claim: v.claim, targetVolume: v.targetVolume, recoveryPointId: v.recoveryPointId, bytes: out.bytes, bytesFetched: out.bytesFetched ?? out.bytes };
  });
  const recorded: RecordedAnswer = { output: { restores } };
  await finishRestoreRequest(m, restore.requestId, 'Succeeded', recorded);
  await outbox.append(m, [answerMessage(restore.requestId, restore.commandId, restore.sagaRef, recorded)]);
  return { outcome: 'succeeded', requestId: restore.requestId };
}
