import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import {
  BackUpVolumesFailed,
  BackUpVolumesSucceeded,
  ClusterPairResolved,
  CommitRecoveryPointFailed,
  DataOf,
  DestinationVolumesPrepared,
  GroupSnapshotFailed,
  GroupSnapshotTaken,
  MigrateResourcesFailed,
  MigrationRequested,
  PrepareDestinationVolumesFailed,
  RecoveryPointCommitted,
  ResolveClusterPairFailed,
  ResourcesMigrated,
  RestoredOnDestination,
  RestoreOnDestinationFailed,
} from '@tandem/contracts';
import { handleOnce } from '@tandem/persistence';
import { SagaEngine, sagaTriggerOf } from '@tandem/saga-runtime';
import { PROTECT_SAGA, protectSagaId, type ProtectInput } from '@tandem/sagas';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { ENGINE } from '../tokens';

/**
 * Migrations: each `migration-requested` starts one protect saga (its id derived from the migration, so a
 * redelivered request starts nothing new), and every answer to a protect step moves its saga.
 */
@BusController()
export class ProtectBusHandlers {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(ENGINE) private readonly engine: SagaEngine,
  ) {}

  @OnMessage(MigrationRequested)
  async requested(@Payload() data: DataOf<typeof MigrationRequested>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const input: ProtectInput = {
      migration: data.migration,
      namespace: data.schedule.namespace,
      schedule: data.schedule.name,
      schedulePolicy: data.schedulePolicy,
      policyType: data.policyType,
      firedAt: data.firedAt,
      ...(data.intervalSeconds === undefined ? {} : { intervalSeconds: data.intervalSeconds }),
      template: data.template,
    };
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      const started = await this.engine.start({ sagaId: protectSagaId(input.namespace, input.migration), saga: PROTECT_SAGA.name, input }, m);
      if (!started.ok) throw Object.assign(new Error(started.reason), { retryable: false });
    });
  }

  @OnMessage(ClusterPairResolved)
  pairResolved(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(ResolveClusterPairFailed)
  pairNotResolved(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(GroupSnapshotTaken)
  snapshotTaken(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(GroupSnapshotFailed)
  snapshotFailed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(BackUpVolumesSucceeded)
  backedUp(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(BackUpVolumesFailed)
  backUpFailed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(DestinationVolumesPrepared)
  volumesPrepared(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(PrepareDestinationVolumesFailed)
  volumesNotPrepared(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(RestoredOnDestination)
  restored(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(RestoreOnDestinationFailed)
  restoreFailed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(RecoveryPointCommitted)
  committed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(CommitRecoveryPointFailed)
  commitFailed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(ResourcesMigrated)
  migrated(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  @OnMessage(MigrateResourcesFailed)
  migrateFailed(@Payload() _d: unknown, @Ctx() ctx: JetStreamContext) {
    return this.answer(ctx);
  }

  private async answer(ctx: JetStreamContext): Promise<void> {
    const routed = sagaTriggerOf(ctx.event);
    if (!routed) return;
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => this.engine.apply(m, routed.sagaId, routed.trigger));
  }
}
