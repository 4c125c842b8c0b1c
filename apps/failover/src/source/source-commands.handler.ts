import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import {
  type DataOf,
  PrepareSourceForFailover,
  PrepareSourceForFailoverFailed,
  RestoreSourceAfterFailover,
  RestoreSourceAfterFailoverFailed,
  SourcePreparedForFailover,
  SourceRestoredAfterFailover,
} from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { runOperation } from '../operations/run-operation';
import { SOURCE_SITE } from '../tokens';
import type { SourceSite } from './source-site';

/**
 * The commands a failover run on the other site sends to this one (scoped to this site's domain): stop the
 * application cleanly before the other site takes it over, and bring it back when the failover does not complete.
 * Each runs once per requestId; a repeat answers what was recorded.
 */
@BusController()
export class SourceCommandsHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(SOURCE_SITE) private readonly source: SourceSite,
    private readonly logger: JsonLogger,
  ) {}

  @OnMessage(PrepareSourceForFailover)
  async prepare(@Payload() cmd: DataOf<typeof PrepareSourceForFailover>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await runOperation(this.runtime, ctx, this.logger, {
      kind: 'prepare-source',
      requestId: cmd.requestId,
      ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}),
      succeeded: SourcePreparedForFailover,
      failed: PrepareSourceForFailoverFailed,
      work: () => this.source.prepare(cmd, () => ctx.working()),
    });
  }

  @OnMessage(RestoreSourceAfterFailover)
  async restore(@Payload() cmd: DataOf<typeof RestoreSourceAfterFailover>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await runOperation(this.runtime, ctx, this.logger, {
      kind: 'restore-source',
      requestId: cmd.requestId,
      ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}),
      succeeded: SourceRestoredAfterFailover,
      failed: RestoreSourceAfterFailoverFailed,
      work: () => this.source.restore(cmd, () => ctx.working()),
    });
  }
}
