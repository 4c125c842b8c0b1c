import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { ClusterPairResolved, DataOf, ResolveClusterPair, ResolveClusterPairFailed } from '@tandem/contracts';
import { handleOnce } from '@tandem/persistence';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FailoverConfig } from '../config';
import { epochsOf } from '../domains/domains.store';
import { findPair, recordStatus } from '../pairs/cluster-pairs.store';
import type { PairChecker } from '../pairs/pair-checker';
import { FAILOVER_CONFIG, PAIR_CHECKER } from '../tokens';
import { Resolution, resolvePair } from './resolve-pair';

/**
 * Answers what a migration over a cluster pair needs. Resolution only reads, so the same requestId gives the same
 * answer; its id is `<requestId>/answer/<command id>`, so that a repeated command (the next attempt of a saga step)
 * gets an answer of its own while a redelivery of the same command does not. A pair that is NotReady is checked
 * again once before it is refused.
 */
@BusController()
export class ResolveClusterPairHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
    @Inject(PAIR_CHECKER) private readonly checker: PairChecker,
  ) {}

  @OnMessage(ResolveClusterPair)
  async resolve(@Payload() cmd: DataOf<typeof ResolveClusterPair>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const resolution = await this.resolution(cmd, ctx);
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      const answer = { id: `${cmd.requestId}/answer/${ctx.event.id}`, correlationid: cmd.sagaRef?.sagaId ?? cmd.requestId, causationid: ctx.event.id };
      const echo = { requestId: cmd.requestId, ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}) };
      await this.runtime.outbox.append(m, [
        resolution.ok
          ? { ...answer, definition: ClusterPairResolved, data: { ...echo, output: resolution.output } }
          : { ...answer, definition: ResolveClusterPairFailed, data: { ...echo, reason: resolution.reason, retryable: resolution.retryable } },
      ]);
    });
  }

  private async resolution(cmd: DataOf<typeof ResolveClusterPair>, ctx: JetStreamContext): Promise<Resolution> {
    const ref = { namespace: cmd.namespace, name: cmd.name };
    const found = await findPair(this.runtime.db, ref);
    if (!found) {
      return {
        ok: false,
        retryable: false,
        reason:
          `there is no ClusterPair "${cmd.name}" in namespace "${cmd.namespace}" on this site: apply one ` +
          `(\`tandemctl generate clusterpair -n ${cmd.namespace} ${cmd.name}\` on the destination prints it)`,
      };
    }
    let status = found.status;
    if (status.state !== 'Ready') {
      const working = setInterval(() => ctx.working(), 5_000);
      try {
        status = await this.checker.check(found.pair);
      } finally {
        clearInterval(working);
      }
      await recordStatus(this.runtime.db, ref, status);
      if (status.state !== 'Ready') {
        return { ok: false, retryable: true, reason: `ClusterPair ${cmd.namespace}/${cmd.name} is not Ready: ${status.reason}` };
      }
    }
    const pair = found.pair;
    const domains = [this.config.domain, ...(pair.destination.clusterDomain ? [pair.destination.clusterDomain] : [])];
    return resolvePair(pair, {
      sourceDomain: this.config.domain,
      epochs: await epochsOf(this.runtime.db, domains),
      secretsDir: this.config.agentSecretsDir,
      repositoryKeyEnv: this.config.repositoryKeyEnv,
    });
  }
}
