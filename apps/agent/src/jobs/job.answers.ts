import { AGENT_JOB_RESULTS, type AgentJobKind, sagaRefKey } from '@tandem/contracts';
import type { OutgoingMessage } from '@tandem/persistence';
import type { AgentIdentity } from '../agent.controller';
import { answerId } from '../message-ids';
import type { JobOutcome, JobWaiter } from './job.model';

/**
 * The result events of a job, one per distinct waiter: each saga step that asked gets an answer echoing its
 * `sagaRef`; requesters without a saga share one answer per request. Ids are deterministic, so writing the
 * answers again (a duplicate command after the job ended) sends nothing twice.
 */
export function jobAnswers(
  job: { kind: AgentJobKind; requestId: string },
  waiters: readonly JobWaiter[],
  outcome: JobOutcome,
  identity: AgentIdentity,
): OutgoingMessage[] {
  const results = AGENT_JOB_RESULTS[job.kind];
  const seen = new Set<string>();
  const out: OutgoingMessage[] = [];
  for (const w of waiters) {
    const key = w.sagaRef ? sagaRefKey(w.sagaRef) : '';
    if (seen.has(key)) continue;
    seen.add(key);
    const common = { requestId: job.requestId, domain: identity.domain, node: identity.node, ...(w.sagaRef ? { sagaRef: w.sagaRef } : {}) };
    const envelope = {
      id: answerId(w.sagaRef, 'job', job.requestId),
      causationid: w.commandId,
      ...(w.sagaRef || w.correlationid ? { correlationid: w.sagaRef?.sagaId ?? w.correlationid } : {}),
    };
    out.push(
      outcome.ok
        ? { ...envelope, definition: results.succeeded as OutgoingMessage['definition'], data: { ...common, output: outcome.output } }
        : { ...envelope, definition: results.failed as OutgoingMessage['definition'], data: { ...common, reason: outcome.reason.slice(0, 4000), retryable: outcome.retryable } },
    );
  }
  return out;
}
