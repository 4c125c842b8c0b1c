import { hostname } from 'node:os';
import { ObjectStore } from '@tandem/objectstore';
import { BusyError } from '../datamover.errors';
import { GC_LOCK_KEY } from '../repository/repository-layout';

export const DEFAULT_GC_LOCK_TTL_MS = 10 * 60_000;

/** The store's idea of now: the modification time of an object written just now (no clock skew with leases). */
export async function storeNow(store: ObjectStore): Promise<number> {
  const key = 'gc/clock';
  await store.put(key, Buffer.from(new Date().toISOString()));
  const info = await store.head(key);
  return (info?.modified ?? new Date()).getTime();
}

/**
 * One garbage collection at a time per repository: `gc/lock`, created with ifAbsent and rewritten every ttl/3.
 * Two collections at once could each rewrite the index and delete the other's segments. A lock not rewritten
 * for a ttl (its holder was killed) is taken over.
 */
export class GcLock {
  private timer: NodeJS.Timeout | undefined;

  private constructor(private readonly store: ObjectStore) {}

  static async acquire(store: ObjectStore, ttlMs = DEFAULT_GC_LOCK_TTL_MS): Promise<GcLock> {
    const body = Buffer.from(JSON.stringify({ kind: 'gc', host: hostname(), pid: process.pid, ttlMs }), 'utf8');
    if (!(await store.put(GC_LOCK_KEY, body, { ifAbsent: true })).written) {
      const info = await store.head(GC_LOCK_KEY);
      const now = await storeNow(store);
      if (info && now - info.modified.getTime() < ttlMs) {
        let holder = 'another process';
        try {
          const h = JSON.parse(Buffer.from(await store.get(GC_LOCK_KEY)).toString('utf8')) as { host?: string; pid?: number };
          holder = `${String(h.host)} (pid ${String(h.pid)})`;
        } catch {
          // released meanwhile, or unreadable: the generic wording will do
        }
        throw new BusyError(
          `another garbage collection is running on ${store.location}: ${holder} holds ${GC_LOCK_KEY} since ${info.modified.toISOString()}; ` +
            `try again once it has finished (a lock not renewed for ${Math.round(ttlMs / 1000)} s is taken over)`,
          'gc-running',
        );
      }
      await store.delete(GC_LOCK_KEY);
      if (!(await store.put(GC_LOCK_KEY, body, { ifAbsent: true })).written) {
        throw new BusyError(`another garbage collection took over the stale ${GC_LOCK_KEY} on ${store.location} just now; try again later`, 'gc-running');
      }
    }
    const lock = new GcLock(store);
    lock.timer = setInterval(() => void store.put(GC_LOCK_KEY, body).catch(() => undefined), Math.max(10, Math.floor(ttlMs / 3)));
    lock.timer.unref();
    return lock;
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.store.delete(GC_LOCK_KEY);
  }
}
