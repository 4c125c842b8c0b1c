import type { Sql } from '../pairs/cluster-pairs.store';

export interface DomainRecord {
  domain: string;
  epoch: number;
  active: boolean;
  updatedAt: Date;
}

/** Makes sure the domains are known (new ones active, epoch 0); known ones are left as they are. */
export async function ensureDomains(db: Sql, domains: readonly string[]): Promise<void> {
  const unique = [...new Set(domains)];
  if (unique.length === 0) return;
  await db.query(`INSERT INTO failover_domain (domain) SELECT unnest($1::text[]) ON CONFLICT (domain) DO NOTHING`, [unique]);
}

export async function listDomains(db: Sql): Promise<DomainRecord[]> {
  const rows = (await db.query(`SELECT domain, epoch, active, updated_at FROM failover_domain ORDER BY domain`)) as {
    domain: string;
    epoch: string;
    active: boolean;
    updated_at: Date;
  }[];
  return rows.map((r) => ({ domain: r.domain, epoch: Number(r.epoch), active: r.active, updatedAt: r.updated_at }));
}

/** Epochs of the given domains; a domain not known yet is at epoch 0. */
export async function epochsOf(db: Sql, domains: readonly string[]): Promise<Map<string, number>> {
  const rows = (await db.query(`SELECT domain, epoch FROM failover_domain WHERE domain = ANY($1::text[])`, [[...domains]])) as { domain: string; epoch: string }[];
  const epochs = new Map(domains.map((d) => [d, 0]));
  for (const r of rows) epochs.set(r.domain, Number(r.epoch));
  return epochs;
}
