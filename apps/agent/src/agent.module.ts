import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry, ServiceRuntime } from '@tandem/service';
import { AgentController, AgentIdentity } from './agent.controller';
import { SelfTestHandler } from './selftest.handler';
import { SelfTestProbe } from './selftest.probe';
import { AGENT_IDENTITY, PROBE, RUNTIME } from './tokens';

@Module({})
export class AgentModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  static forRoot(runtime: ServiceRuntime, identity: AgentIdentity, dataDir: string): DynamicModule {
    return {
      module: AgentModule,
      controllers: [AgentController, SelfTestHandler],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: AGENT_IDENTITY, useValue: identity },
        { provide: PROBE, useValue: new SelfTestProbe(dataDir) },
      ],
    };
  }

  onModuleInit(): void {
    for (const [name, check] of Object.entries(this.runtime.checks)) this.readiness.register(name, check);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}
