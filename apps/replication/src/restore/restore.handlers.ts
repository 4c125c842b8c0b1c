import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { DataOf, RestoreOnDestination, RestoreRecoveryPointFailed, RestoreRecoveryPointSucceeded } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { handleOnce } from '@tandem/persistence';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { restoresFinished } from '../replication.metrics';
import { type AgentAnswerOutcome, recordAgentAnswer, startRestore } from './restore-on-destination';
import { isOurAgentRequest } from './restore.store';

/**
 * Restores on the destination: a RestoreOnDestination fans out to the destination domain's agents, and their
 * answers are gathered into one answer. Every step is handled once (inbox) in the transaction that records it.
 */
@BusController()
export class RestoreHandlers {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly logger: JsonLogger,
  ) {}

  @OnMessage(RestoreOnDestination)
  async restore(@Payload() cmd: DataOf<typeof RestoreOnDestination>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const handled = await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => startRestore(m, this.runtime.outbox, cmd, ctx.event.id));
    if (!handled.handled) return;
    const result = handled.value;
    const where = { requestId: cmd.requestId, destinationDomain: cmd.destinationDomain };
    switch (result.outcome) {
      case 'sent':
        this.logger.info('restore sent to the destination agents', { ...where, volumes: result.jobs });
        return;
      case 'nothing-to-restore':
        restoresFinished().inc({ status: 'Succeeded' });
        this.logger.info('restore with no volumes answered at once', where);
        return;
      case 'answered-again':
        this.logger.info('restore was finished before; its answer was sent again', { ...where, state: result.state });
        return;
      case 'still-running':
        this.logger.info('restore is running; it will be answered when its volumes are done', where);
        return;
      default: {
        const unreachable: never = result;
        throw new Error(`unexpected outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }

  @OnMessage(RestoreRecoveryPointSucceeded, { fromLinkedSites: true })
  async volumeRestored(@Payload() data: DataOf<typeof RestoreRecoveryPointSucceeded>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.agentAnswered(data.requestId, ctx, { succeeded: data });
  }

  @OnMessage(RestoreRecoveryPointFailed, { fromLinkedSites: true })
  async volumeNotRestored(@Payload() data: DataOf<typeof RestoreRecoveryPointFailed>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.agentAnswered(data.requestId, ctx, { failed: data });
  }

  private async agentAnswered(
    agentRequestId: string,
    ctx: JetStreamContext,
    answer: Parameters<typeof recordAgentAnswer>[2],
  ): Promise<void> {
    // Other services' restores (a failover's, a drill's) are answered to them, not to this service.
    if (!(await isOurAgentRequest(this.runtime.db, agentRequestId))) return;
    const handled = await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => recordAgentAnswer(m, this.runtime.outbox, answer));
    if (handled.handled) this.log(agentRequestId, handled.value);
  }

  private log(agentRequestId: string, result: AgentAnswerOutcome): void {
    switch (result.outcome) {
      case 'succeeded':
      case 'failed':
        restoresFinished().inc({ status: result.outcome === 'succeeded' ? 'Succeeded' : 'Failed' });
        this.logger.info(`restore ${result.outcome}`, { requestId: result.requestId, agentRequestId });
        return;
      case 'waiting':
        this.logger.debug('volume restore answered; waiting for the others', { requestId: result.requestId, agentRequestId, left: result.left });
        return;
      case 'already-finished':
      case 'not-ours':
        this.logger.debug('agent answer changes nothing', { agentRequestId, outcome: result.outcome });
        return;
      default: {
        const unreachable: never = result;
        throw new Error(`unexpected outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
