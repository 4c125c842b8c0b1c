import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { type DataOf, GroupSnapshotFailed, GroupSnapshotTaken, TakeGroupSnapshot } from '@tandem/contracts';
import type { JsonLogger } from '@tandem/observability';
import { handleOnce, withRequestLock } from '@tandem/persistence';
import { PLATFORM, type Platform } from '@tandem/platform';
import type { Rule } from '@tandem/resources';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { groupSnapshotSeconds } from '../snapshot.metrics';
import { findRule } from '../store/rules.store';
import { findRun, type RecordedRun, recordRun } from '../store/runs.store';
import { LOGGER } from '../tokens';
import { type GroupSnapshotResult, runGroupSnapshot } from './run-group-snapshot';

type Command = DataOf<typeof TakeGroupSnapshot>;

/** How often a running snapshot tells the bus it is still working (the ack wait is 30 s). */
const WORKING_EVERY_MS = 5_000;

/**
 * Takes a group snapshot once per requestId: the first command runs the rules and the capture and records the
 * answer; any later command with the same requestId (a retry, a redelivery after a crash) answers the recorded
 * outcome again without running anything. Two deliveries at once take turns on an advisory lock of the requestId.
 */
@BusController()
export class TakeGroupSnapshotHandler {
  private readonly seconds = groupSnapshotSeconds();

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(PLATFORM) private readonly platform: Platform,
    @Inject(LOGGER) private readonly logger: JsonLogger,
  ) {}

  @OnMessage(TakeGroupSnapshot)
  async take(@Payload() command: Command, @Ctx() ctx: JetStreamContext): Promise<void> {
    await withRequestLock(this.runtime.db, 'snapshot_run', command.requestId, () => ctx.working(), async () => {
      const recorded = (await findRun(this.runtime.db, command.requestId)) ?? (await this.run(command, ctx));
      await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
        const run = await recordRun(m, command.requestId, recorded);
        await this.runtime.outbox.append(m, [this.answer(command, ctx, run)]);
      });
    });
  }

  private async run(command: Command, ctx: JetStreamContext): Promise<RecordedRun> {
    const rules = await this.rules(command);
    if (!rules.ok) return failure(command, { outcome: 'failed', stage: 'PreRule', reason: rules.reason, retryable: false });
    const started = Date.now();
    const heartbeat = setInterval(() => ctx.working(), WORKING_EVERY_MS);
    let result: GroupSnapshotResult;
    try {
      result = await runGroupSnapshot(this.platform, command, rules.value);
    } finally {
      clearInterval(heartbeat);
    }
    this.seconds.observe({ stage: result.stage }, (Date.now() - started) / 1000);
    this.logger.info('group snapshot ended', { requestId: command.requestId, runId: command.runId, namespaces: command.namespaces, outcome: result.outcome, stage: result.stage });
    if (result.outcome === 'failed') return failure(command, result);
    return { outcome: 'taken', answer: { requestId: command.requestId, ...(command.sagaRef ? { sagaRef: command.sagaRef } : {}), output: result.output } };
  }

  private async rules(command: Command): Promise<{ ok: true; value: { pre?: Rule; post?: Rule } } | { ok: false; reason: string }> {
    const value: { pre?: Rule; post?: Rule } = {};
    for (const [key, name, field] of [['pre', command.preExecRule, 'preExecRule'], ['post', command.postExecRule, 'postExecRule']] as const) {
      if (name === undefined) continue;
      const stored = await findRule(this.runtime.db, command.ruleNamespace, name);
      if (!stored) {
        return {
          ok: false,
          reason:
            `Rule ${command.ruleNamespace}/${name} (the ${field} of group snapshot ${command.runId}) does not exist on this site, so nothing was run or captured: ` +
            `create it with \`tandemctl apply -f <rule.yaml>\` (kind: Rule, metadata.namespace: ${command.ruleNamespace}), or name an existing one`,
        };
      }
      value[key] = stored.rule;
    }
    return { ok: true, value };
  }

  private answer(command: Command, ctx: JetStreamContext, run: RecordedRun) {
    // One answer per command received: a redelivery of the same command is the same answer (same id), a new
    // command with the same requestId gets the recorded outcome again under its own id.
    const common = { id: `${command.requestId}/answer/${ctx.event.id}`, correlationid: command.sagaRef?.sagaId ?? command.requestId, causationid: ctx.event.id };
    return run.outcome === 'taken'
      ? { ...common, definition: GroupSnapshotTaken, data: run.answer as DataOf<typeof GroupSnapshotTaken> }
      : { ...common, definition: GroupSnapshotFailed, data: run.answer as DataOf<typeof GroupSnapshotFailed> };
  }
}

function failure(command: Command, result: Extract<GroupSnapshotResult, { outcome: 'failed' }>): RecordedRun {
  return {
    outcome: 'failed',
    answer: { requestId: command.requestId, ...(command.sagaRef ? { sagaRef: command.sagaRef } : {}), stage: result.stage, reason: result.reason, retryable: result.retryable },
  };
}

