import type { EntityManager } from 'typeorm';
import { DomainActivated, DomainDeactivated, SetDomainEpoch } from '@tandem/contracts';
import type { Outbox } from '@tandem/persistence';

export type DomainSwitch = 'activate' | 'deactivate';

export type SwitchOutcome =
  | { outcome: 'unknown-domain' }
  | { outcome: 'unchanged'; domain: string; active: boolean; epoch: number }
  | { outcome: 'changed'; domain: string; active: boolean; epoch: number; previousEpoch: number };

/**
 * Activates or deactivates a cluster domain in one transaction: the flag, the epoch raised by one (the fence: the
 * agents refuse every data command of an older epoch from then on), `set-domain-epoch` to the domain's agents
 * and the integration event, both through the outbox. A domain already in the state asked for is left as it is
 * (nothing raised, nothing sent). The row is locked, so two calls at once raise the epoch once.
 */
export async function switchDomain(m: EntityManager, outbox: Outbox, domain: string, action: DomainSwitch, reason: string | undefined): Promise<SwitchOutcome> {
  const rows = (await m.query(`SELECT epoch, active FROM failover_domain WHERE domain = $1 FOR UPDATE`, [domain])) as { epoch: string; active: boolean }[];
  const row = rows[0];
  if (row === undefined) return { outcome: 'unknown-domain' };
  const active = action === 'activate';
  const previousEpoch = Number(row.epoch);
  if (row.active === active) return { outcome: 'unchanged', domain, active, epoch: previousEpoch };
  const epoch = previousEpoch + 1;
  const [updated] = (await m.query(`UPDATE failover_domain SET active = $2, epoch = $3, updated_at = clock_timestamp() WHERE domain = $1 RETURNING updated_at`, [
    domain,
    active,
    epoch,
  ])) as { updated_at: Date }[];
  const why = reason ?? (active ? `domain ${domain} activated` : `domain ${domain} deactivated`);
  await outbox.append(m, [
    {
      id: `domain/${domain}/epoch/${epoch}/set-domain-epoch`,
      definition: SetDomainEpoch,
      scope: domain,
      data: { domain, epoch, reason: why },
    },
    {
      id: `domain/${domain}/epoch/${epoch}/${active ? 'activated' : 'deactivated'}`,
      definition: active ? DomainActivated : DomainDeactivated,
      data: { domain, epoch, previousEpoch, ...(reason !== undefined ? { reason } : {}), at: (updated?.updated_at ?? new Date()).toISOString() },
    },
  ]);
  return { outcome: 'changed', domain, active, epoch, previousEpoch };
}
