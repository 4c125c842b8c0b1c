import type { AgentJobKind } from '@tandem/contracts';
import type { JetStreamContext } from '@tandem/bus';
import type { JsonLogger } from '@tandem/observability';
import { handleOnce } from '@tandem/persistence';
import { ConflictError, type ServiceRuntime } from '@tandem/service';
import type { AgentIdentity } from '../agent.controller';
import type { DomainEpochStore } from '../fencing/domain-epoch.store';
import { StaleEpochError } from '../fencing/stale-epoch.error';
import { answerId } from '../message-ids';
import { jobAnswers } from './job.answers';
import { isOpen, type JobCommand, type JobWaiter } from './job.model';
import type { JobRepository } from './job.repository';
import { sameJson } from './same-json';

type Accepted = { kind: 'accepted' } | { kind: 'joined' } | { kind: 'answered' } | { kind: 'refused'; reason: string };

/** The parts of a command that make it the same job (the epoch and the asking saga step may differ). */
const jobParams = (cmd: JobCommand): unknown => {
  const { sagaRef: _sagaRef, epoch: _epoch, ...params } = cmd;
  return params;
};

/**
 * Takes a data command off the bus in one short transaction and never runs the work there: the command is
 * checked against the domain epoch (refused when stale: recorded, answered, dead-lettered), then becomes a job row
 * `Accepted` — or joins the job of the same `requestId`, or is answered at once when that job already ended. The
 * job runner does the work afterwards.
 */
export class JobIntake {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly identity: AgentIdentity,
    private readonly epochs: DomainEpochStore,
    private readonly jobs: JobRepository,
    private readonly onAccepted: (requestId: string) => void,
    private readonly logger: JsonLogger,
  ) {}

  async accept(kind: AgentJobKind, cmd: JobCommand, ctx: JetStreamContext): Promise<void> {
    const waiter: JobWaiter = {
      commandId: ctx.event.id,
      ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}),
      ...(ctx.event.correlationid ? { correlationid: ctx.event.correlationid } : {}),
    };
    const done = await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m): Promise<Accepted> => {
      const admission = await this.epochs.admit(m, cmd.epoch, `${ctx.event.type} ${ctx.event.id}`);
      if (!admission.ok) {
        await m.query(
          `INSERT INTO agent_fenced_command (command_id, type, request_id, domain, epoch, current_epoch, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [ctx.event.id, ctx.event.type, cmd.requestId, this.identity.domain, cmd.epoch, admission.current, admission.reason],
        );
        const answer = jobAnswers({ kind, requestId: cmd.requestId }, [waiter], { ok: false, reason: admission.reason, retryable: false }, this.identity);
        await this.runtime.outbox.append(m, answer.map((a) => ({ ...a, id: answerId(cmd.sagaRef, 'refused', ctx.event.id) })));
        return { kind: 'refused', reason: admission.reason };
      }
      const existing = await this.jobs.find(m, cmd.requestId, { lock: true });
      if (!existing) {
        await this.jobs.insert(m, {
          requestId: cmd.requestId,
          kind,
          domain: this.identity.domain,
          node: this.identity.node,
          epoch: cmd.epoch,
          commandId: ctx.event.id,
          command: cmd,
          waiter,
        });
        return { kind: 'accepted' };
      }
      if (existing.kind !== kind || !sameJson(jobParams(existing.command), jobParams(cmd))) {
        throw new ConflictError(
          `requestId ${cmd.requestId} is already the ${existing.kind} job accepted from command ${existing.commandId}, with other parameters: ` +
            'a requestId names one piece of work; send this one with a new requestId',
          { code: 'request-id-reused' },
        );
      }
      if (isOpen(existing.status)) {
        await this.jobs.addWaiter(m, cmd.requestId, waiter);
        return { kind: 'joined' };
      }
      const outcome = existing.status === 'Succeeded'
        ? { ok: true as const, output: existing.output }
        : { ok: false as const, reason: existing.reason ?? 'failed', retryable: existing.retryable ?? false };
      await this.runtime.outbox.append(m, jobAnswers(existing, [waiter], outcome, this.identity));
      return { kind: 'answered' };
    });

    if (!done.handled) {
      // Handled before: if it was refused then, it is refused now (its dead-lettering may not have happened).
      const [refusal] = (await this.runtime.db.query(`SELECT reason FROM agent_fenced_command WHERE command_id = $1`, [ctx.event.id])) as { reason: string }[];
      if (refusal) throw new StaleEpochError(refusal.reason);
      return;
    }
    const result = done.value;
    if (result.kind === 'refused') {
      this.logger.warn('command refused: stale epoch', { type: ctx.event.type, id: ctx.event.id, requestId: cmd.requestId, reason: result.reason });
      throw new StaleEpochError(result.reason);
    }
    this.logger.info(`job command ${result.kind}`, { kind, requestId: cmd.requestId, id: ctx.event.id, epoch: cmd.epoch });
    if (result.kind === 'accepted') this.onAccepted(cmd.requestId);
  }
}
