import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { ApplyRetention, BackUpVolumes, CollectGarbage, DataOf, RestoreRecoveryPoint, VerifyRecoveryPoint } from '@tandem/contracts';
import { JOB_INTAKE } from '../tokens';
import type { JobIntake } from './job.intake';

/** The agent's data commands: each is accepted as a job (or refused for a stale epoch) and run in the background. */
@BusController()
export class JobCommandsHandler {
  constructor(@Inject(JOB_INTAKE) private readonly intake: JobIntake) {}

  @OnMessage(BackUpVolumes)
  backUp(@Payload() cmd: DataOf<typeof BackUpVolumes>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.intake.accept('back-up-volumes', cmd, ctx);
  }

  @OnMessage(RestoreRecoveryPoint)
  restore(@Payload() cmd: DataOf<typeof RestoreRecoveryPoint>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.intake.accept('restore-recovery-point', cmd, ctx);
  }

  @OnMessage(VerifyRecoveryPoint)
  verify(@Payload() cmd: DataOf<typeof VerifyRecoveryPoint>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.intake.accept('verify-recovery-point', cmd, ctx);
  }

  @OnMessage(ApplyRetention)
  applyRetention(@Payload() cmd: DataOf<typeof ApplyRetention>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.intake.accept('apply-retention', cmd, ctx);
  }

  @OnMessage(CollectGarbage)
  collectGarbage(@Payload() cmd: DataOf<typeof CollectGarbage>, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.intake.accept('collect-garbage', cmd, ctx);
  }
}
