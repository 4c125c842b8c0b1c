import { BeforeApplicationShutdown, DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { SagaEngine, SagaTimerPoller } from '@tandem/saga-runtime';
import { ServiceRuntime, ServiceRuntimeModule } from '@tandem/service';
import { MigrationsController } from './migrations/migrations.controller';
import { ProtectBusHandlers } from './migrations/protect-bus.handlers';
import { SagaBusHandlers } from './saga-bus.handlers';
import { SagasController } from './sagas.controller';
import { ENGINE, TIMERS } from './tokens';

@Module({})
export class CoordinatorModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(TIMERS) private readonly timers: SagaTimerPoller) {}

  static forRoot(runtime: ServiceRuntime, engine: SagaEngine, timers: SagaTimerPoller): DynamicModule {
    return {
      module: CoordinatorModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [SagasController, SagaBusHandlers, MigrationsController, ProtectBusHandlers],
      providers: [
        { provide: ENGINE, useValue: engine },
        { provide: TIMERS, useValue: timers },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.timers.start();
  }

  /** Timers stop before the runtime (its database) closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.timers.stop();
  }
}
