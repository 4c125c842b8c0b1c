/**
 * The sync state of a cluster domain, as `tandemctl get clusterdomainsstatus` shows it. Decided in this order:
 * - Unknown         no agent of the domain was heard within the stale limit (3 × the heartbeat interval, 30 s);
 * - NotInSync       the domain is Inactive (fenced), or the newest migration to it ended Failed;
 * - SyncInProgress  a migration to it was requested and has not finished;
 * - InSync          otherwise: its agents are heard, it is active, and no migration to it is running or failed last.
 */
export const SYNC_STATUSES = ['InSync', 'SyncInProgress', 'NotInSync', 'Unknown'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** Active: the domain runs its applications. Inactive: it is fenced, nothing Tandem manages may run there. */
export type DomainState = 'Active' | 'Inactive';

export interface SyncFacts {
  active: boolean;
  /** The newest heartbeat of any agent of the domain. */
  lastHeartbeatAt: Date | undefined;
  /** The newest migration to the domain, by request time. */
  lastMigration: { status: 'InProgress' | 'Successful' | 'PartialSuccess' | 'Failed' } | undefined;
  /** Whether any migration to the domain is still running. */
  migrationRunning: boolean;
}

export function syncStatusOf(facts: SyncFacts, now: Date, staleMs: number): SyncStatus {
  if (facts.lastHeartbeatAt === undefined || now.getTime() - facts.lastHeartbeatAt.getTime() > staleMs) return 'Unknown';
  if (!facts.active || facts.lastMigration?.status === 'Failed') return 'NotInSync';
  if (facts.migrationRunning) return 'SyncInProgress';
  return 'InSync';
}
