import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { setTimeout as sleep } from 'node:timers/promises';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { DataOf, RunSelfTestStep, sagaRefKey, SelfTestStepFailed, SelfTestStepSucceeded } from '@tandem/contracts';
import { handleOnce } from '@tandem/persistence';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { SelfTestProbe } from './selftest.probe';
import { PROBE } from './tokens';

/**
 * Does (or undoes) one self-test step, records it, and answers — all in one transaction. The effect is keyed by
 * saga, step and direction, not by attempt: a retry of a step that was already done (its answer was lost, or
 * came too late) answers with the recorded outcome and does not do the work again.
 */
@BusController()
export class SelfTestHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
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
      // Attempts of the same step may arrive together (a redelivery and a retry): one at a time.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${sagaRef.sagaId}/${cmd.step}/${sagaRef.action}`]);
      const record = (outcome: string, output?: unknown) =>
        m.query(
          `INSERT INTO agent_selftest_effect (command_id, saga_id, step, action, attempt, outcome, output) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
          [ctx.event.id, sagaRef.sagaId, cmd.step, sagaRef.action, sagaRef.attempt, outcome, output === undefined ? null : JSON.stringify(output)],
        );
      const answer = { id: `${sagaRefKey(sagaRef)}/answer`, correlationid: sagaRef.sagaId, causationid: ctx.event.id };
      const [done] = (await m.query(
        `SELECT output FROM agent_selftest_effect WHERE saga_id = $1 AND step = $2 AND action = $3 AND outcome = 'done' LIMIT 1`,
        [sagaRef.sagaId, cmd.step, sagaRef.action],
      )) as { output: unknown }[];
      if (done) {
        await this.runtime.outbox.append(m, [{ ...answer, definition: SelfTestStepSucceeded, data: { sagaRef, output: done.output ?? undefined } }]);
        return;
      }
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
      await record(outcome.ok ? 'done' : 'failed', outcome.ok ? outcome.output : { reason: outcome.reason });
      await this.runtime.outbox.append(m, [
        outcome.ok
          ? { ...answer, definition: SelfTestStepSucceeded, data: { sagaRef, output: outcome.output } }
          : { ...answer, definition: SelfTestStepFailed, data: { sagaRef, reason: outcome.reason, retryable: false } },
      ]);
    });
  }
}
