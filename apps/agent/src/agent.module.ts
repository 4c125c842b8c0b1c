import { DynamicModule, Module } from '@nestjs/common';
import { ServiceRuntime, ServiceRuntimeModule } from '@tandem/service';
import { AgentController, AgentIdentity } from './agent.controller';
import { SelfTestHandler } from './selftest.handler';
import { SelfTestProbe } from './selftest.probe';
import { AGENT_IDENTITY, PROBE } from './tokens';

@Module({})
export class AgentModule {
  static forRoot(runtime: ServiceRuntime, identity: AgentIdentity, dataDir: string): DynamicModule {
    return {
      module: AgentModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [AgentController, SelfTestHandler],
      providers: [
        { provide: AGENT_IDENTITY, useValue: identity },
        { provide: PROBE, useValue: new SelfTestProbe(dataDir) },
      ],
    };
  }
}
