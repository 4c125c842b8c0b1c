import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { Platform } from '@tandem/platform';
import { ServiceRuntime, ServiceRuntimeModule, YamlBodyMiddleware } from '@tandem/service';
import { ClusterDomainsController } from './api/cluster-domains.controller';
import { ClusterPairsController } from './api/cluster-pairs.controller';
import { FailoversController } from './api/failovers.controller';
import type { FailoverConfig } from './config';
import { DomainActivityHandler } from './domains/domain-activity.handler';
import { DomainObservationsHandler } from './domains/domain-observations.handler';
import type { PairChecker } from './pairs/pair-checker';
import { ProbeSiteHandler } from './probe/probe-site.handler';
import { ResolveClusterPairHandler } from './resolve/resolve-cluster-pair.handler';
import { ResourcesController } from './resources/resources.controller';
import { SourceCommandsHandler } from './source/source-commands.handler';
import type { SourceSite } from './source/source-site';
import { FAILOVER_CONFIG, PAIR_CHECKER, SITE_PLATFORM, SOURCE_SITE } from './tokens';

@Module({})
export class FailoverModule implements NestModule {
  static forRoot(runtime: ServiceRuntime, config: FailoverConfig, checker: PairChecker, site: Platform, source: SourceSite): DynamicModule {
    return {
      module: FailoverModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [
        ResourcesController,
        ClusterPairsController,
        ClusterDomainsController,
        FailoversController,
        ResolveClusterPairHandler,
        DomainObservationsHandler,
        ProbeSiteHandler,
        SourceCommandsHandler,
        DomainActivityHandler,
      ],
      providers: [
        { provide: FAILOVER_CONFIG, useValue: config },
        { provide: PAIR_CHECKER, useValue: checker },
        { provide: SITE_PLATFORM, useValue: site },
        { provide: SOURCE_SITE, useValue: source },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(YamlBodyMiddleware).forRoutes(ResourcesController);
  }
}
