import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ServiceRuntime, ServiceRuntimeModule } from '@tandem/service';
import { ClusterDomainsController } from './api/cluster-domains.controller';
import { ClusterPairsController } from './api/cluster-pairs.controller';
import type { FailoverConfig } from './config';
import type { PairChecker } from './pairs/pair-checker';
import { ResolveClusterPairHandler } from './resolve/resolve-cluster-pair.handler';
import { ResourcesController } from './resources/resources.controller';
import { YamlBodyMiddleware } from './resources/yaml-body.middleware';
import { FAILOVER_CONFIG, PAIR_CHECKER } from './tokens';

@Module({})
export class FailoverModule implements NestModule {
  static forRoot(runtime: ServiceRuntime, config: FailoverConfig, checker: PairChecker): DynamicModule {
    return {
      module: FailoverModule,
      imports: [ServiceRuntimeModule.forRoot(runtime)],
      controllers: [ResourcesController, ClusterPairsController, ClusterDomainsController, ResolveClusterPairHandler],
      providers: [
        { provide: FAILOVER_CONFIG, useValue: config },
        { provide: PAIR_CHECKER, useValue: checker },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(YamlBodyMiddleware).forRoutes(ResourcesController);
  }
}
