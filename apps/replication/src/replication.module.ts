import { BeforeApplicationShutdown, DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ServiceRuntime, ServiceRuntimeModule } from '@tandem/service';
import { ApplicationsController } from './api/applications.controller';
import { CommitRecoveryPointHandler } from './recovery-points/commit-recovery-point.handler';
import { RestoreHandlers } from './restore/restore.handlers';
import type { RpoWatch } from './rpo/rpo.watch';
import { RPO_WATCH } from './tokens';

@Module({})
export class ReplicationModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(RPO_WATCH) private readonly watch: RpoWatch) {}

  static forRoot(runtime: ServiceRuntime, watch: RpoWatch): DynamicModule {
    return {
      module: ReplicationModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [ApplicationsController, RestoreHandlers, CommitRecoveryPointHandler],
      providers: [{ provide: RPO_WATCH, useValue: watch }],
    };
  }

  onApplicationBootstrap(): void {
    this.watch.start();
  }

  /** The watch stops before the runtime (its database) closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.watch.stop();
  }
}
