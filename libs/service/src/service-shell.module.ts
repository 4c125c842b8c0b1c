import { type DynamicModule, Module } from '@nestjs/common';
import { JsonLogger } from '@tandem/observability';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OpenApiController, OpenApiDocumentHolder } from './openapi.controller';
import { ReadinessRegistry } from './readiness.registry';

/** Injection token of the service's name (a string). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface ServiceShellOptions {
  name: string;
  logger: JsonLogger;
}

/**
 * What every Tandem service has: `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, and, for every module, the
 * `ReadinessRegistry`, the service's `JsonLogger` and its `SERVICE_NAME`. `bootstrapService` imports it.
 */
@Module({})
export class ServiceShellModule {
  static forRoot(options: ServiceShellOptions): DynamicModule {
    return {
      module: ServiceShellModule,
      global: true,
      controllers: [HealthController, MetricsController, OpenApiController],
      providers: [
        ReadinessRegistry,
        OpenApiDocumentHolder,
        { provide: JsonLogger, useValue: options.logger },
        { provide: SERVICE_NAME, useValue: options.name },
      ],
      exports: [ReadinessRegistry, OpenApiDocumentHolder, JsonLogger, SERVICE_NAME],
    };
  }
}
