import { Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { BusController, JetStreamContext, OnMessage } from '@tandem/bus';
import { type DataOf, DomainActivated, DomainActiveSet, DomainDeactivated, SetDomainActive, SetDomainActiveFailed, SetDomainEpoch } from '@tandem/contracts';
import { JsonLogger } from '@tandem/observability';
import { handleOnce } from '@tandem/persistence';
import { type Platform, writeDomainFence } from '@tandem/platform';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@tandem/service';
import type { FailoverConfig } from '../config';
import { runOperation } from '../operations/run-operation';
import { FAILOVER_CONFIG, SITE_PLATFORM } from '../tokens';
import { epochsOf } from './domains.store';
import { switchAndFence } from './switch-and-fence';

/**
 * Activating and deactivating domains on the bus: the failover saga's `set-domain-active` (what the HTTP API does),
 * and this site being fenced (or let run again) by the other site: a change of THIS site's domain under an epoch
 * newer than ours, heard from a linked site, is adopted — the domain's row, the site's fence, and the epoch to our
 * agents — so that a site fenced by its peer fences itself, at once when the link is up, or when it comes back.
 * A newer epoch of any other domain is recorded too, so commands this site sends there are not refused as stale.
 */
@BusController()
export class DomainActivityHandler {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(FAILOVER_CONFIG) private readonly config: FailoverConfig,
    @Inject(SITE_PLATFORM) private readonly site: Platform,
    private readonly logger: JsonLogger,
  ) {}

  @OnMessage(SetDomainActive)
  async setActive(@Payload() cmd: DataOf<typeof SetDomainActive>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await runOperation(this.runtime, ctx, this.logger, {
      kind: 'set-domain-active',
      requestId: cmd.requestId,
      ...(cmd.sagaRef ? { sagaRef: cmd.sagaRef } : {}),
      succeeded: DomainActiveSet,
      failed: SetDomainActiveFailed,
      work: async () => {
        const deps = { runtime: this.runtime, site: this.site, localDomain: this.config.domain, logger: this.logger };
        const result = await switchAndFence(deps, cmd.domain, cmd.active ? 'activate' : 'deactivate', cmd.reason);
        if (result.outcome === 'unknown-domain') {
          return {
            ok: false,
            retryable: false,
            reason: `cluster domain ${cmd.domain} is not known on this site (domain ${this.config.domain}): create a ClusterPair whose destination names it, then try again`,
          };
        }
        if (result.fenceError !== undefined) return { ok: false, retryable: true, reason: result.fenceError };
        return { ok: true, output: { domain: cmd.domain, active: result.active, epoch: result.epoch, changed: result.outcome === 'changed' } };
      },
    });
  }

  @OnMessage(DomainDeactivated, { fromLinkedSites: true })
  async deactivated(@Payload() change: DataOf<typeof DomainDeactivated>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.adopt(change, false, ctx);
  }

  @OnMessage(DomainActivated, { fromLinkedSites: true })
  async activated(@Payload() change: DataOf<typeof DomainActivated>, @Ctx() ctx: JetStreamContext): Promise<void> {
    await this.adopt(change, true, ctx);
  }

  private async adopt(change: DataOf<typeof DomainActivated>, active: boolean, ctx: JetStreamContext): Promise<void> {
    const domain = this.config.domain;
    const ours = (await epochsOf(this.runtime.db, [domain])).get(domain) ?? 0;
    const newer = change.domain === domain && change.epoch > ours;
    // The fence first (a failure is retried by the bus): the site must not run the application a moment longer than
    // the row says it may.
    if (newer) await writeDomainFence(this.site, { domain, active, epoch: change.epoch });
    await handleOnce(this.runtime.db, ctx.consumer, ctx.event, async (m) => {
      if (change.domain !== domain) {
        // Another domain changed (the peer activated itself, or fenced a third site): keep our record of it current,
        // so that what this site sends that domain's agents carries the epoch they now hold.
        await m.query(
          `INSERT INTO failover_domain (domain, epoch, active) VALUES ($1, $2, $3)
           ON CONFLICT (domain) DO UPDATE SET epoch = EXCLUDED.epoch, active = EXCLUDED.active, updated_at = clock_timestamp()
           WHERE failover_domain.epoch < EXCLUDED.epoch`,
          [change.domain, change.epoch, active],
        );
        return;
      }
      if (!newer) return;
      const updated = (await m.query(`UPDATE failover_domain SET active = $2, epoch = $3, updated_at = clock_timestamp() WHERE domain = $1 AND epoch < $3 RETURNING domain`, [
        domain,
        active,
        change.epoch,
      ])) as unknown[];
      const rows = Array.isArray(updated[0]) ? (updated[0] as unknown[]) : updated;
      if (rows.length === 0) return;
      const reason = `${active ? 'activated' : 'deactivated'} by a linked site${change.reason ? `: ${change.reason}` : ''}`.slice(0, 500);
      await this.runtime.outbox.append(m, [
        { id: `domain/${domain}/epoch/${change.epoch}/adopted/set-domain-epoch`, definition: SetDomainEpoch, scope: domain, data: { domain, epoch: change.epoch, reason } },
      ]);
      this.logger.info(`cluster domain ${active ? 'activated' : 'deactivated'} by a linked site, adopted`, { domain, epoch: change.epoch, previousEpoch: ours });
    });
  }
}
