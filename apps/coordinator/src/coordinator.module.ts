import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SagaEngine, SagaTimerPoller } from '@tandem/saga-runtime';
import { ReadinessRegistry, ServiceRuntime } from '@tandem/service';
import { SagaBusHandlers } from './saga-bus.handlers';
import { SagasController } from './sagas.controller';
import { ENGINE, RUNTIME, TIMERS } from './tokens';

@Module({})
export class CoordinatorModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(TIMERS) private readonly timers: SagaTimerPoller,
  ) {}

  static forRoot(runtime: ServiceRuntime, engine: SagaEngine, timers: SagaTimerPoller): DynamicModule {
    return {
      module: CoordinatorModule,
      controllers: [SagasController, SagaBusHandlers],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: ENGINE, useValue: engine },
        { provide: TIMERS, useValue: timers },
      ],
    };
  }

  onModuleInit(): void {
    for (const [name, check] of Object.entries(this.runtime.checks)) this.readiness.register(name, check);
  }

  onApplicationBootstrap(): void {
    this.timers.start();
  }

  /** After HTTP and the transport stopped: no more timers, then the relay, the bus and the database. */
  async onApplicationShutdown(): Promise<void> {
    await this.timers.stop();
    await this.runtime.close();
  }
}
