import { Client } from 'pg';
import { testPostgresUrl, waitFor } from '@tandem/testing';

// Transaction and WAL counters from Postgres's statistics views. Backends report their counters when they
// exit (and otherwise only now and then), so read these after the services closed their connections.

export interface PgCounters {
  /** Committed transactions per database (read-only statements included: each is a transaction). */
  commits: Record<string, number>;
  /** Cluster-wide: WAL flushes to disk (group commit shares one among several commits). Other users count too. */
  walSyncs: number;
  walRecords: number;
}

export async function pgCounters(databases: string[]): Promise<PgCounters> {
  return withClient(async (c) => {
    const rows = (await c.query(`SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY($1)`, [databases])).rows as {
      datname: string;
      xact_commit: string;
    }[];
    const wal = (await c.query(`SELECT wal_sync, wal_records FROM pg_stat_wal`)).rows[0] as { wal_sync: string; wal_records: string };
    return {
      commits: Object.fromEntries(databases.map((d) => [d, Number(rows.find((r) => r.datname === d)?.xact_commit ?? 0)])),
      walSyncs: Number(wal.wal_sync),
      walRecords: Number(wal.wal_records),
    };
  });
}

/** Waits until no session is connected to `databases` any more, so their counters have been reported. */
export async function waitForSessionsGone(databases: string[]): Promise<void> {
  await withClient((c) =>
    waitFor(async () => Number((await c.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ANY($1)`, [databases])).rows[0].n) === 0, {
      what: `the sessions of ${databases.join(', ')} to end`,
      timeoutMs: 15_000,
      intervalMs: 100,
    }),
  );
}

export function commitsBetween(before: PgCounters, after: PgCounters, database: string): number {
  return (after.commits[database] ?? 0) - (before.commits[database] ?? 0);
}

async function withClient<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Average number of sessions of each database in each state while sampling, e.g. `{ consumer: { 'idle in transaction': 5.2 } }`. */
export type SessionStates = Record<string, Record<string, number>>;

/**
 * Samples pg_stat_activity of the databases (by role) every `intervalMs` until `stop()` (which may be called
 * again): shows whether Postgres worked (`active: CPU`), waited (`active: Lock/...`, `active: IO/WALSync`) or
 * waited for the service to send its next statement (`idle in transaction`).
 */
export async function sampleSessions(databases: Record<string, string>, intervalMs = 100): Promise<{ stop(): Promise<SessionStates> }> {
  const client = new Client({ connectionString: testPostgresUrl() });
  await client.connect();
  const roleOf = new Map(Object.entries(databases).map(([role, db]) => [db, role]));
  const totals: SessionStates = Object.fromEntries(Object.keys(databases).map((role) => [role, {}]));
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const result = await client
        .query(`SELECT datname, state, wait_event_type, wait_event FROM pg_stat_activity WHERE datname = ANY($1)`, [Object.values(databases)])
        .catch(() => undefined);
      if (!result) break; // the server went away: keep what was sampled
      const rows = result.rows as { datname: string; state: string | null; wait_event_type: string | null; wait_event: string | null }[];
      samples++;
      for (const r of rows) {
        const state = r.state === 'active' ? `active: ${r.wait_event_type ? `${r.wait_event_type}/${r.wait_event}` : 'CPU'}` : (r.state ?? 'unknown');
        const byState = totals[roleOf.get(r.datname)!]!;
        byState[state] = (byState[state] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  let stopped: Promise<SessionStates> | undefined;
  const stop = async (): Promise<SessionStates> => {
    running = false;
    await loop;
    await client.end().catch(() => undefined);
    return Object.fromEntries(
      Object.entries(totals).map(([role, byState]) => [
        role,
        Object.fromEntries(
          Object.entries(byState)
            .map(([s, n]) => [s, Math.round((n / Math.max(1, samples)) * 10) / 10] as const)
            .filter(([, n]) => n > 0)
            .sort((a, b) => b[1] - a[1]),
        ),
      ]),
    );
  };
  return { stop: () => (stopped ??= stop()) };
}

/** "coordinator 5.7 idle in transaction + 0.5 active: Lock/object" — the two busiest states of each, from 0.2 sessions. */
export function describeSessions(states: SessionStates): string {
  return Object.entries(states)
    .map(([role, byState]) => {
      const busy = Object.entries(byState).filter(([s, n]) => n >= 0.2 && s !== 'idle').slice(0, 2);
      return `${role} ${busy.map(([s, n]) => `${n} ${s}`).join(' + ') || 'none busy'}`;
    })
    .join(', ');
}
