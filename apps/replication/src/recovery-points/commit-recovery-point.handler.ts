import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { CommitRecoveryPoint, DataOf } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { handleOnce } from '@tandem/persistence';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import { recoveryPointsCommitted } from '../replication.metrics';
import { commitRecoveryPoint } from './commit-recovery-point';

/** Records an application's recovery point as committed, once per migration (inbox and the migration's key). */
@BusController()
export class CommitRecoveryPointHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly logger: JsonLogger,
  ) {}

  @OnMessage(CommitRecoveryPoint)
  async commit(@Payload() cmd: DataOf<typeof CommitRecoveryPoint>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const handled = await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => commitRecoveryPoint(m, this.runtime.outbox, cmd, ctx.event.id));
    if (!handled.handled) return;
    const result = handled.value;
    const where = { namespace: cmd.namespace, schedule: cmd.schedule, migration: cmd.migration, requestId: cmd.requestId };
    switch (result.outcome) {
      case 'committed':
        recoveryPointsCommitted().inc();
        this.logger.info('recovery point committed', { ...where, takenAt: cmd.takenAt, rpoSeconds: result.point.rpoAtCommitSeconds });
        return;
      case 'already-committed':
        this.logger.info('recovery point was committed before; answered again', where);
        return;
      case 'conflict':
        this.logger.warn('recovery point refused', { ...where, reason: result.reason });
        return;
      default: {
        const unreachable: never = result;
        throw new Error(`unexpected outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
