import type { JsonLogger } from '@tandem/observability';
import { type Platform, writeDomainFence } from '@tandem/platform';
import type { ServiceRuntime } from '@tandem/service';
import { type DomainSwitch, switchDomain, type SwitchOutcome } from './domain-switch';

export type FencedSwitch =
  | { outcome: 'unknown-domain' }
  | (Exclude<SwitchOutcome, { outcome: 'unknown-domain' }> & { fenceError?: string });

/**
 * Activates or deactivates a cluster domain (`switchDomain`), then, when it is this site's domain, writes the site's
 * fence — every time, changed or not, so that a call repeated after a failed write puts the fence right. What
 * POST /v1/clusterdomains/:name/(de)activate and the failover saga's `set-domain-active` both do.
 */
export async function switchAndFence(
  deps: { runtime: ServiceRuntime; site: Platform; localDomain: string; logger: JsonLogger },
  domain: string,
  action: DomainSwitch,
  reason: string | undefined,
): Promise<FencedSwitch> {
  const result = await deps.runtime.db.transaction((m) => switchDomain(m, deps.runtime.outbox, domain, action, reason));
  if (result.outcome === 'unknown-domain') return result;
  if (result.outcome === 'changed') deps.logger.info(`cluster domain ${action}d`, { domain, epoch: result.epoch, previousEpoch: result.previousEpoch });
  if (domain !== deps.localDomain) return result;
  try {
    await writeDomainFence(deps.site, { domain, active: result.active, epoch: result.epoch });
    return result;
  } catch (err) {
    return {
      ...result,
      fenceError:
        `cluster domain ${domain} is ${result.active ? 'active' : 'inactive'} at epoch ${result.epoch}, but the fence could not be written on this site's platform ` +
        `(${err instanceof Error ? err.message : String(err)}); ${action} it again once the platform is reachable`,
    };
  }
}
