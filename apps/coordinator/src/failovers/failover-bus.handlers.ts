import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import {
  ActivateApplicationsFailed,
  ApplicationsActivated,
  DomainActiveSet,
  PrepareSourceForFailoverFailed,
  ProbeSiteFailed,
  RestoreSourceAfterFailoverFailed,
  SetDomainActiveFailed,
  SiteProbed,
  SourcePreparedForFailover,
  SourceRestoredAfterFailover,
} from '@tandem/contracts';
import { handleOnce } from '@tandem/persistence';
import { SagaEngine, sagaTriggerOf } from '@tandem/saga-runtime';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { ENGINE } from '../tokens';

/**
 * Failovers: every answer to a failover step moves its saga. The source site's failover service answers
 * prepare-source and its undo, so those answers come from the linked site.
 */
@BusController()
export class FailoverBusHandlers {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ENGINE) private readonly engine: SagaEngine,
  ) {}

  @OnMessage(SiteProbed)
  probed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(ProbeSiteFailed)
  probeFailed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(SourcePreparedForFailover, { fromLinkedSites: true })
  sourcePrepared(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(PrepareSourceForFailoverFailed, { fromLinkedSites: true })
  sourceNotPrepared(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(SourceRestoredAfterFailover, { fromLinkedSites: true })
  sourceRestored(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(RestoreSourceAfterFailoverFailed, { fromLinkedSites: true })
  sourceNotRestored(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(DomainActiveSet)
  domainSet(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(SetDomainActiveFailed)
  domainNotSet(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(ApplicationsActivated)
  activated(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(ActivateApplicationsFailed)
  notActivated(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  private async answer(ctx: JetStreamContext): Promise<void> {
    const routed = sagaTriggerOf(ctx.event);
    if (!routed) return;
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => this.engine.apply(m, routed.sagaId, routed.trigger));
  }
}
