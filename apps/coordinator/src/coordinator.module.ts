import { BeforeApplicationShutdown, DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, OnApplicationBootstrap } from '@nestjs/common';
import { SagaEngine, SagaTimerPoller } from '@tandem/saga-runtime';
import { ServiceRuntime, ServiceRuntimeModule, YamlBodyMiddleware } from '@tandem/service';
import { FailoverBusHandlers } from './failovers/failover-bus.handlers';
import { FailoversController } from './failovers/failovers.controller';
import { MigrationsController } from './migrations/migrations.controller';
import { ProtectBusHandlers } from './migrations/protect-bus.handlers';
import { ResourcesController } from './resources/resources.controller';
import { SagaBusHandlers } from './saga-bus.handlers';
import { SagasController } from './sagas.controller';
import { ENGINE, TIMERS } from './tokens';

@Module({})
export class CoordinatorModule implements OnApplicationBootstrap, BeforeApplicationShutdown, NestModule {
  constructor(@Inject(TIMERS) private readonly timers: SagaTimerPoller) {}

  static forRoot(runtime: ServiceRuntime, engine: SagaEngine, timers: SagaTimerPoller): DynamicModule {
    return {
      module: CoordinatorModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [SagasController, SagaBusHandlers, MigrationsController, ResourcesController, ProtectBusHandlers, FailoversController, FailoverBusHandlers],
      providers: [
        { provide: ENGINE, useValue: engine },
        { provide: TIMERS, useValue: timers },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(YamlBodyMiddleware).forRoutes(ResourcesController);
  }

  onApplicationBootstrap(): void {
    this.timers.start();
  }

  /** Timers stop before the runtime (its database) closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.timers.stop();
  }
}
