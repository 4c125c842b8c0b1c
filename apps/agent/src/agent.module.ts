import { BeforeApplicationShutdown, DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ServiceRuntime, ServiceRuntimeModule } from '@tandem/service';
import { AgentBackground } from './agent.background';
import { AgentController } from './agent.controller';
import type { AgentParts } from './agent.wiring';
import { EpochController } from './fencing/epoch.controller';
import { SetDomainEpochHandler } from './fencing/set-domain-epoch.handler';
import { JobCommandsHandler } from './jobs/job-commands.handler';
import { JobsController } from './jobs/jobs.controller';
import { LatencyController } from './latency/latency.controller';
import { SelfTestHandler } from './selftest.handler';
import { SelfTestProbe } from './selftest.probe';
import { AGENT_IDENTITY, BACKGROUND, DOMAIN_EPOCHS, JOB_INTAKE, JOB_REPOSITORY, LATENCY_PROBER, PROBE } from './tokens';

@Module({})
export class AgentModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(BACKGROUND) private readonly background: AgentBackground) {}

  static forRoot(runtime: ServiceRuntime, parts: AgentParts, dataDir: string): DynamicModule {
    return {
      module: AgentModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [AgentController, EpochController, JobsController, LatencyController, SelfTestHandler, SetDomainEpochHandler, JobCommandsHandler],
      providers: [
        { provide: AGENT_IDENTITY, useValue: parts.identity },
        { provide: PROBE, useValue: new SelfTestProbe(dataDir) },
        { provide: DOMAIN_EPOCHS, useValue: parts.epochs },
        { provide: JOB_REPOSITORY, useValue: parts.jobs },
        { provide: JOB_INTAKE, useValue: parts.intake },
        { provide: LATENCY_PROBER, useValue: parts.prober },
        { provide: BACKGROUND, useValue: parts.background },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.background.start();
  }

  /** Background work stops (jobs interrupted, to resume at next start) before the runtime's database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.background.stop();
  }
}
