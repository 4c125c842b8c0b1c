import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { type DataOf, ProbeSite, ProbeSiteFailed, SiteProbed } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FailoverConfig } from '../config';
import { runOperation } from '../operations/run-operation';
import { listPairs } from '../pairs/cluster-pairs.store';
import type { PairChecker } from '../pairs/pair-checker';
import { FAILOVER_CONFIG, PAIR_CHECKER } from '../tokens';

/**
 * Is the other site there? The pairs of this site whose destination is that domain say how to reach it: it is
 * reachable when any of their endpoints answers /healthz, or its platform answers, within a few seconds.
 */
@BusController()
export class ProbeSiteHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
    @Inject(PAIR_CHECKER) private readonly checker: PairChecker,
    private readonly logger: JsonLogger,
  ) {}

  @OnMessage(ProbeSite)
  async probe(@Payload() cmd: DataOf<typeof ProbeSite>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await runOperation(this.runtime, ctx, this.logger, {
      kind: 'probe-site',
      requestId: cmd.requestId,
      ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}),
      succeeded: SiteProbed,
      failed: ProbeSiteFailed,
      work: async () => {
        const pairs = (await listPairs(this.runtime.db)).filter((p) => p.pair.destination.clusterDomain === cmd.domain);
        if (pairs.length === 0) {
          return {
            ok: false,
            retryable: false,
            reason:
              `no ClusterPair on this site (domain ${this.config.domain}) names cluster domain ${cmd.domain} as its destination, so there is no way to reach it: ` +
              `generate a pair on ${cmd.domain}'s site (\`tandemctl generate clusterpair\` there) and create it here`,
          };
        }
        const probes = await Promise.all(pairs.map((p) => this.checker.probe(p.pair)));
        const reachable = probes.some((p) => p.reachable);
        const reason = reachable
          ? undefined
          : pairs.map((p, i) => `ClusterPair ${p.pair.metadata.namespace}/${p.pair.metadata.name}: ${probes[i]!.reason}`).join('; ');
        return { ok: true, output: { domain: cmd.domain, reachable, ...(reason ? { reason: reason.slice(0, 2_000) } : {}), at: new Date().toISOString() } };
      },
    });
  }
}
