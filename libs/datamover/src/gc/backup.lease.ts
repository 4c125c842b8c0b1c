import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ObjectStore } from '@tandem/objectstore';
import { BusyError } from '../datamover.errors';
import { LOCKS_PREFIX } from '../repository/repository-layout';

/** What a lease object holds (JSON). */
export interface LeaseRecord {
  readonly kind: 'backup';
  readonly volume: string;
  /** Store time of the lease's first write (ISO), or null in that first write itself. */
  readonly startedAt: string | null;
  readonly ttlMs: number;
  readonly host: string;
  readonly pid: number;
}

export const DEFAULT_LEASE_TTL_MS = 10 * 60_000;

/**
 * A running backup's lease, `locks/<id>`: written before the backup looks at the repository, rewritten every
 * ttl/3, deleted after its manifest is written. Garbage collection never deletes a chunk that a backup holding a
 * live lease might reference (see collect-garbage.ts). A backup whose lease could have expired — its last
 * successful refresh is older than 2/3 of the ttl — must not write its manifest (`assertFresh`).
 */
export class BackupLease {
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private lastRefreshStarted: number;

  private constructor(
    private readonly store: ObjectStore,
    readonly key: string,
    private readonly record: LeaseRecord,
    now: number,
  ) {
    this.lastRefreshStarted = now;
  }

  static async acquire(store: ObjectStore, volume: string, ttlMs = DEFAULT_LEASE_TTL_MS): Promise<BackupLease> {
    const key = `${LOCKS_PREFIX}backup-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
    const first: LeaseRecord = { kind: 'backup', volume, startedAt: null, ttlMs, host: hostname(), pid: process.pid };
    const started = Date.now();
    await store.put(key, encode(first));
    const info = await store.head(key);
    const lease = new BackupLease(store, key, { ...first, startedAt: (info?.modified ?? new Date()).toISOString() }, started);
    lease.timer = setInterval(() => void lease.refresh(), Math.max(10, Math.floor(ttlMs / 3)));
    lease.timer.unref();
    return lease;
  }

  /** Throws a retryable error when the lease may have expired in the eyes of a garbage collector. */
  assertFresh(now = Date.now()): void {
    if (now - this.lastRefreshStarted > (this.record.ttlMs * 2) / 3) {
      throw new BusyError(
        `the backup's lease ${this.key} was not renewed for ${Math.round((now - this.lastRefreshStarted) / 1000)} s, so garbage ` +
          'collection may have treated it as dead; its recovery point is not written. Run the backup again (it resumes).',
        'lease-expired',
      );
    }
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
    await this.store.delete(this.key);
  }

  private refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const started = Date.now();
    this.refreshing = this.store
      .put(this.key, encode(this.record))
      .then(() => {
        this.lastRefreshStarted = started;
      })
      .catch(() => undefined) // a failed refresh only ages the lease; assertFresh decides
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}

function encode(record: LeaseRecord): Buffer {
  return Buffer.from(JSON.stringify(record), 'utf8');
}

/** A lease as garbage collection sees it. */
export interface LeaseView {
  readonly key: string;
  readonly startedAt: Date;
  readonly refreshedAt: Date;
  readonly ttlMs: number;
}

/** All leases in the store; unreadable ones count as started at their write time, with the default ttl. */
export async function listLeases(store: ObjectStore): Promise<LeaseView[]> {
  const leases: LeaseView[] = [];
  for await (const info of store.list(LOCKS_PREFIX)) {
    let record: Partial<LeaseRecord> = {};
    try {
      record = JSON.parse(Buffer.from(await store.get(info.key)).toString('utf8')) as Partial<LeaseRecord>;
    } catch {
      // deleted meanwhile, or garbage: judged by its object metadata alone
    }
    const startedAt = typeof record.startedAt === 'string' ? new Date(record.startedAt) : info.modified;
    leases.push({
      key: info.key,
      startedAt: Number.isNaN(startedAt.getTime()) ? info.modified : startedAt,
      refreshedAt: info.modified,
      ttlMs: typeof record.ttlMs === 'number' && record.ttlMs > 0 ? record.ttlMs : DEFAULT_LEASE_TTL_MS,
    });
  }
  return leases;
}
