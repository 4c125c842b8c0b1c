import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { DataOf, DomainEpochSet, SetDomainEpoch } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { handleOnce } from '@tandem/persistence';
import { InvalidInputError, SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { AgentIdentity } from '../agent.controller';
import { answerId } from '../message-ids';
import { AGENT_IDENTITY, DOMAIN_EPOCHS } from '../tokens';
import { DomainEpochStore } from './domain-epoch.store';

/** Raises the domain's epoch (never lowers it) and answers with the epoch now held, in one transaction. */
@BusController()
export class SetDomainEpochHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(AGENT_IDENTITY) private readonly identity: AgentIdentity,
    @Inject(DOMAIN_EPOCHS) private readonly epochs: DomainEpochStore,
    private readonly logger: JsonLogger,
  ) {}

  @OnMessage(SetDomainEpoch)
  async set(@Payload() cmd: DataOf<typeof SetDomainEpoch>, @Ctx() ctx: JetStreamContext): Promise<void> {
    if (cmd.domain !== this.identity.domain) {
      throw new InvalidInputError(
        `set-domain-epoch for domain ${cmd.domain} reached an agent of domain ${this.identity.domain}: send it with scope ${cmd.domain}`,
      );
    }
    const done = await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      const result = await this.epochs.raise(m, cmd.epoch, cmd.reason);
      await this.runtime.outbox.append(m, [
        {
          id: answerId(cmd.sagaRef, 'epoch', ctx.event.id),
          definition: DomainEpochSet,
          correlationid: cmd.sagaRef?.sagaId ?? ctx.event.correlationid,
          causationid: ctx.event.id,
          data: {
            domain: cmd.domain,
            node: this.identity.node,
            requested: cmd.epoch,
            reason: cmd.reason,
            ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}),
            output: result,
          },
        },
      ]);
      return result;
    });
    if (done.handled && done.value.raised) {
      this.logger.info('domain epoch raised', { domain: cmd.domain, from: done.value.previous, to: done.value.epoch, reason: cmd.reason });
    } else if (done.handled) {
      this.logger.info('domain epoch not raised: not above the current one', { domain: cmd.domain, requested: cmd.epoch, current: done.value.epoch });
    }
  }
}
