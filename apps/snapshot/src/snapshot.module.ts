import { BeforeApplicationShutdown, DynamicModule, Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { JsonLogger } from '@tandem/observability';
import { PLATFORM, type Platform } from '@tandem/platform';
import { ServiceRuntime, ServiceRuntimeModule, YamlBodyMiddleware } from '@tandem/service';
import { RulesController } from './api/rules.controller';
import { TakeGroupSnapshotHandler } from './group-snapshot/take-group-snapshot.handler';
import { ResourcesController } from './resources/resources.controller';
import { LOGGER } from './tokens';

@Module({})
export class SnapshotModule implements NestModule, BeforeApplicationShutdown {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  static forRoot(runtime: ServiceRuntime, platform: Platform, logger: JsonLogger): DynamicModule {
    return {
      module: SnapshotModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [ResourcesController, RulesController, TakeGroupSnapshotHandler],
      providers: [
        { provide: PLATFORM, useValue: platform },
        { provide: LOGGER, useValue: logger },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(YamlBodyMiddleware).forRoutes(ResourcesController);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.platform.close();
  }
}
