import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { setTimeout as sleep } from 'node:timers/promises';
import { JetStreamContext, OnMessage } from '@tandem/bus';
import { DataOf, RunSelfTestStep, sagaRefKey, SelfTestStepFailed, SelfTestStepSucceeded } from '@tandem/contracts';
import { handleOnce } from '@tandem/persistence';
import type { ServiceRuntime } from '@tandem/service';
import { SelfTestProbe } from './selftest.probe';
import { PROBE, RUNTIME } from './tokens';

/** Does (or undoes) one self-test step, records it, and answers — all in one transaction. */
@Controller()
export class SelfTestHandler {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(PROBE) private readonly probe: SelfTestProbe,
  ) {}

  @OnMessage(RunSelfTestStep)
  async run(@Payload() cmd: DataOf<typeof RunSelfTestStep>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { sagaRef } = cmd;
    if (cmd.holdMs) {
      for (let left = cmd.holdMs; left > 0; left -= 1_000) {
        await sleep(Math.min(1_000, left));
        ctx.working();
      }
    }
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      const record = (outcome: string) =>
        m.query(
          `INSERT INTO agent_selftest_effect (command_id, saga_id, step, action, attempt, outcome) VALUES ($1, $2, $3, $4, $5, $6)`,
          [ctx.event.id, sagaRef.sagaId, cmd.step, sagaRef.action, sagaRef.attempt, outcome],
        );
      const answer = { id: `${sagaRefKey(sagaRef)}/answer`, correlationid: sagaRef.sagaId, causationid: ctx.event.id };
      if (cmd.fault === 'hang') {
        await record('hung');
        return;
      }
      if (cmd.fault === 'fail') {
        await record('failed');
        await this.runtime.outbox.append(m, [
          { ...answer, definition: SelfTestStepFailed, data: { sagaRef, reason: `fault injected into ${cmd.step}`, retryable: false } },
        ]);
        return;
      }
      const outcome = await this.probe.run(cmd.step, sagaRef.action, sagaRef.sagaId, cmd.probe);
      await record(outcome.ok ? 'done' : 'failed');
      await this.runtime.outbox.append(m, [
        outcome.ok
          ? { ...answer, definition: SelfTestStepSucceeded, data: { sagaRef, output: outcome.output } }
          : { ...answer, definition: SelfTestStepFailed, data: { sagaRef, reason: outcome.reason, retryable: false } },
      ]);
    });
  }
}
