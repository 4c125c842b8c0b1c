import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { AgentHeartbeat, DataOf, LatencyMeasured, MigrationFinished, MigrationRequested, RecoveryPointCommitted } from '@tandem/contracts';
import { handleOnce } from '@tandem/persistence';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FailoverConfig } from '../config';
import { findPair } from '../pairs/cluster-pairs.store';
import { isProtecting, upsertProtectedApplication } from '../protected/protected-applications.store';
import { FAILOVER_CONFIG } from '../tokens';
import { ensureDomains } from './domains.store';
import {
  recordHeartbeat,
  recordLatency,
  recordMigrationFinished,
  recordMigrationRequested,
  recordRecoveryPointCommitted,
} from './domain-observations.store';

/**
 * What the domains' status is made of: agents' heartbeats and round-trip measurements, and the migrations to each
 * domain (requested over a pair whose destination names its cluster domain; finished; recovery point committed).
 * Each message is recorded once (inbox).
 */
@BusController()
export class DomainObservationsHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
  ) {}

  @OnMessage(AgentHeartbeat, { fromLinkedSites: true })
  async heartbeat(@Payload() beat: DataOf<typeof AgentHeartbeat>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => recordHeartbeat(m, beat));
  }

  @OnMessage(LatencyMeasured, { fromLinkedSites: true })
  async latency(@Payload() measured: DataOf<typeof LatencyMeasured>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => recordLatency(m, measured));
  }

  @OnMessage(MigrationRequested)
  async requested(@Payload() req: DataOf<typeof MigrationRequested>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      const found = await findPair(m, { namespace: req.schedule.namespace, name: req.template.clusterPair });
      const domain = found?.pair.destination.clusterDomain;
      // A pair unknown here, or one that names no cluster domain, says nothing about a domain's sync.
      if (domain === undefined) return;
      await recordMigrationRequested(m, { namespace: req.schedule.namespace, migration: req.migration }, domain, ctx.event.time);
    });
  }

  /**
   * A migration ended, here or on a linked site (imported): here, it ends a migration to a domain; to this site's
   * domain (from wherever), it makes or updates the protected application of its schedule.
   */
  @OnMessage(MigrationFinished, { fromLinkedSites: true })
  async finished(@Payload() end: DataOf<typeof MigrationFinished>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      if (!ctx.imported) await recordMigrationFinished(m, { namespace: end.namespace, migration: end.migration }, end.status, end.finishedAt);
      if (isProtecting(end) && end.destinationDomain === this.config.domain) {
        await upsertProtectedApplication(m, end);
        await ensureDomains(m, [end.sourceDomain]);
      }
    });
  }

  @OnMessage(RecoveryPointCommitted)
  async committed(@Payload() answer: DataOf<typeof RecoveryPointCommitted>, @Ctx() ctx: JetStreamContext): Promise<void> {
    const { namespace, migration } = answer.output;
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, (m) => recordRecoveryPointCommitted(m, { namespace, migration }, ctx.event.time));
  }
}
