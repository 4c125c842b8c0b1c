import { BeforeApplicationShutdown, DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, OnApplicationBootstrap } from '@nestjs/common';
import { ServiceRuntime, ServiceRuntimeModule, YamlBodyMiddleware } from '@tandem/service';
import { MigrationSchedulesController } from './api/migration-schedules.controller';
import { MigrationsController } from './api/migrations.controller';
import { SchedulePoliciesController } from './api/schedule-policies.controller';
import { MigrationFinishedHandler } from './finishing/migration-finished.handler';
import type { FiringLoop } from './firing/firing.loop';
import { ResourcesController } from './resources/resources.controller';
import { FIRING_LOOP } from './tokens';

@Module({})
export class SchedulerModule implements NestModule, OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(FIRING_LOOP) private readonly firing: FiringLoop) {}

  static forRoot(runtime: ServiceRuntime, firing: FiringLoop): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [ResourcesController, SchedulePoliciesController, MigrationSchedulesController, MigrationsController, MigrationFinishedHandler],
      providers: [{ provide: FIRING_LOOP, useValue: firing }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(YamlBodyMiddleware).forRoutes(ResourcesController);
  }

  onApplicationBootstrap(): void {
    this.firing.start();
  }

  /** Firing stops before the runtime (its database) closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.firing.stop();
  }
}
