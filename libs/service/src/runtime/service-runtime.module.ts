import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '../readiness.registry';
import type { ServiceRuntime } from './service-runtime';

/** Injection token of the service's `ServiceRuntime` (database, bus, outbox). */
export const SERVICE_RUNTIME = Symbol('SERVICE_RUNTIME');

/**
 * Makes a service's runtime injectable, registers its database and NATS readiness checks, and closes it when
 * the application shuts down — after HTTP stopped and the transport drained (modules that must stop work
 * before that do it in `beforeApplicationShutdown`).
 */
@Module({})
export class ServiceRuntimeModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  static forRoot(runtime: ServiceRuntime): DynamicModule {
    return {
      module: ServiceRuntimeModule,
      global: true,
      providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }],
      exports: [SERVICE_RUNTIME],
    };
  }

  onModuleInit(): void {
    for (const [name, check] of Object.entries(this.runtime.checks)) this.readiness.register(name, check);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}
