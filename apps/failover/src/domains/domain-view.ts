import type { Sql } from '../pairs/cluster-pairs.store';
import { agentsOf, latenciesOf, migrationsOf } from './domain-observations.store';
import { type DomainState, type SyncStatus, syncStatusOf } from './domain-status';
import { listDomains } from './domains.store';

export interface DomainView {
  name: string;
  /** This site's own domain. */
  local: boolean;
  active: boolean;
  state: DomainState;
  syncStatus: SyncStatus;
  epoch: number;
  lastHeartbeatAt: string | null;
  agents: { node: string; version: string; epoch: number; lastHeartbeatAt: string }[];
  latency?: { node: string; peerDomain: string; samples: number; lost: number; minMs?: number; avgMs?: number; maxMs?: number; mdevMs?: number; at: string };
  lastMigration?: { namespace: string; migration: string; status: string; requestedAt: string; finishedAt?: string };
  lastRecoveryPointAt?: string;
  updatedAt: string;
}

/** Every known domain with its status (see domain-status.ts for the rules), by name. */
export async function domainViews(db: Sql, opts: { localDomain: string; staleMs: number; now?: Date }): Promise<DomainView[]> {
  const now = opts.now ?? new Date();
  const [domains, agents, latencies, migrations] = await Promise.all([listDomains(db), agentsOf(db), latenciesOf(db), migrationsOf(db)]);
  return domains.map((d) => {
    const seen = agents.get(d.domain) ?? [];
    const lastHeartbeat = seen.reduce<Date | undefined>((newest, a) => (newest === undefined || a.lastHeartbeatAt > newest ? a.lastHeartbeatAt : newest), undefined);
    const latency = latencies.get(d.domain);
    const runs = migrations.get(d.domain);
    const syncStatus = syncStatusOf({ active: d.active, lastHeartbeatAt: lastHeartbeat, lastMigration: runs?.last, migrationRunning: (runs?.running ?? 0) > 0 }, now, opts.staleMs);
    return {
      name: d.domain,
      local: d.domain === opts.localDomain,
      active: d.active,
      state: d.active ? 'Active' : 'Inactive',
      syncStatus,
      epoch: d.epoch,
      lastHeartbeatAt: lastHeartbeat?.toISOString() ?? null,
      agents: seen.map((a) => ({ node: a.node, version: a.version, epoch: a.epoch, lastHeartbeatAt: a.lastHeartbeatAt.toISOString() })),
      ...(latency ? { latency: { ...latency, at: latency.at.toISOString() } } : {}),
      ...(runs?.last
        ? {
            lastMigration: {
              namespace: runs.last.namespace,
              migration: runs.last.migration,
              status: runs.last.status,
              requestedAt: runs.last.requestedAt.toISOString(),
              ...(runs.last.finishedAt ? { finishedAt: runs.last.finishedAt.toISOString() } : {}),
            },
          }
        : {}),
      ...(runs?.lastRecoveryPointAt ? { lastRecoveryPointAt: runs.lastRecoveryPointAt.toISOString() } : {}),
      updatedAt: d.updatedAt.toISOString(),
    };
  });
}
