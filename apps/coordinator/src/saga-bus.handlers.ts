import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { DataOf, MessageFailed, SelfTestStepFailed, SelfTestStepSucceeded, StartSaga } from '@tandem/contracts';
import { handleOnce } from '@tandem/persistence';
import { SagaEngine, sagaTriggerOf } from '@tandem/saga-runtime';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { ENGINE } from './tokens';

/**
 * The coordinator's bus handlers: a saga start requested over the bus, and every answer to a saga's commands.
 * Each is handled once (inbox) in the same transaction as the saga's move.
 */
@BusController()
export class SagaBusHandlers {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ENGINE) private readonly engine: SagaEngine,
  ) {}

  @OnMessage(StartSaga)
  async start(@Payload() data: DataOf<typeof StartSaga>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      const started = await this.engine.start(data, m);
      if (!started.ok) throw Object.assign(new Error(started.reason), { retryable: false });
    });
  }

  @OnMessage(SelfTestStepSucceeded)
  async stepSucceeded(@Payload() _data: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.answer(ctx);
  }

  @OnMessage(SelfTestStepFailed)
  async stepFailed(@Payload() _data: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.answer(ctx);
  }

  @OnMessage(MessageFailed)
  async messageFailed(@Payload() _data: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.answer(ctx);
  }

  private async answer(ctx: JetStreamContext): Promise<void> {
    const routed = sagaTriggerOf(ctx.event);
    if (!routed) return;
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => this.engine.apply(m, routed.sagaId, routed.trigger));
  }
}
