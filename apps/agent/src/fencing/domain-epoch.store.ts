import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: the data source, or a transaction's manager. */
export type Sql = Pick<EntityManager, 'query'>;

export type Admission = { ok: true; current: number } | { ok: false; current: number; reason: string };

/** The reason a command is refused; the same words in the dead letter, the failure event and the refusal record. */
export const staleEpochReason = (epoch: number, domain: string, current: number): string =>
  `stale epoch ${epoch} for domain ${domain} (current ${current})`;

/**
 * The highest epoch this agent knows for its domain, in its database. It only ever rises: by set-domain-epoch, or
 * when a command arrives under a newer epoch than the agent was told of (a fencing token is adopted, so that once
 * the new owner has spoken, the old one is refused). Reads for a decision lock the row for the transaction, so a
 * raise and an admission never interleave.
 */
export class DomainEpochStore {
  constructor(readonly domain: string) {}

  async current(sql: Sql): Promise<{ epoch: number; updatedAt?: string; reason?: string }> {
    const [row] = (await sql.query(`SELECT epoch, updated_at, reason FROM agent_domain_epoch WHERE domain = $1`, [this.domain])) as {
      epoch: string;
      updated_at: Date;
      reason: string | null;
    }[];
    return row ? { epoch: Number(row.epoch), updatedAt: row.updated_at.toISOString(), ...(row.reason ? { reason: row.reason } : {}) } : { epoch: 0 };
  }

  /** The current epoch, the row locked until the transaction ends. */
  private async lock(m: Sql): Promise<number> {
    await m.query(`INSERT INTO agent_domain_epoch (domain, epoch, reason) VALUES ($1, 0, 'initial') ON CONFLICT (domain) DO NOTHING`, [this.domain]);
    const [row] = (await m.query(`SELECT epoch FROM agent_domain_epoch WHERE domain = $1 FOR UPDATE`, [this.domain])) as { epoch: string }[];
    return Number(row!.epoch);
  }

  /** Raises the epoch to `epoch` if that is higher; never lowers it. */
  async raise(m: Sql, epoch: number, reason: string): Promise<{ previous: number; epoch: number; raised: boolean }> {
    const previous = await this.lock(m);
    if (epoch <= previous) return { previous, epoch: previous, raised: false };
    await m.query(`UPDATE agent_domain_epoch SET epoch = $2, reason = $3, updated_at = clock_timestamp() WHERE domain = $1`, [this.domain, epoch, reason]);
    return { previous, epoch, raised: true };
  }

  /** Admits a command sent under `epoch`: refused when lower than the current one, adopted when higher. */
  async admit(m: Sql, epoch: number, adoptedFrom: string): Promise<Admission> {
    const current = await this.lock(m);
    if (epoch < current) return { ok: false, current, reason: staleEpochReason(epoch, this.domain, current) };
    if (epoch > current) await this.raise(m, epoch, `adopted from ${adoptedFrom}`);
    return { ok: true, current: epoch };
  }

  /** Whether work started under `epoch` may still go on (read without locking; for watching a running job). */
  async stillCurrent(sql: Sql, epoch: number): Promise<Admission> {
    const { epoch: current } = await this.current(sql);
    return epoch < current ? { ok: false, current, reason: staleEpochReason(epoch, this.domain, current) } : { ok: true, current };
  }
}
