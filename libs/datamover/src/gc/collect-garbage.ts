import { ObjectStore } from '@tandem/objectstore';
import { throwIfAborted } from '../datamover.errors';
import { DEFAULT_PACK_SIZE } from '../pack/pack.writer';
import { openRepository } from '../repository/repository';
import { listLeases } from './backup.lease';
import { GcLock, storeNow } from './gc.lock';
import { markPacks } from './mark';
import { ReferenceReader } from './references';
import { sweepLists } from './sweep';
import { loadTombstoneLists } from './tombstones';

export interface GarbageCollectionOptions {
  readonly store: ObjectStore;
  readonly key: Uint8Array;
  /**
   * Packs written less than this long ago are never marked, and a tombstone list is swept no sooner than this
   * after it was written. Protects the packs of a backup that was interrupted and will resume.
   */
  readonly graceMs: number;
  /**
   * A backup whose lease started less than this after a tombstone list was written might not have seen it, so
   * it keeps the list from being swept (covers slow writes and clock differences). Default 60 s.
   */
  readonly clockMarginMs?: number;
  /**
   * A pack some of whose chunks are still needed is repacked (the needed chunks copied into a new pack, the old
   * pack deleted) when at least this share of its bytes is unneeded. Default 0.5; above 1, never.
   */
  readonly repackThreshold?: number;
  /** Size of the packs repacking writes, default 16 MiB. */
  readonly packSize?: number;
  readonly signal?: AbortSignal;
}

export interface GarbageCollectionResult {
  readonly manifests: number;
  /** Distinct chunks the manifests reference. */
  readonly chunksReferenced: number;
  /** Packs put on a new tombstone list by this run (unused ones and repacked ones). */
  readonly packsMarked: number;
  /** Unneeded chunks in the packs marked by this run. */
  readonly chunksMarked: number;
  /** Packs whose needed chunks this run copied into new packs (they are among those marked). */
  readonly packsRepacked: number;
  readonly bytesRepacked: number;
  /** Partly used packs below the repack threshold, left as they are, and their unneeded bytes. */
  readonly packsPartlyUsed: number;
  readonly bytesUnused: number;
  /** Packs no index segment listed, indexed from their trailers. */
  readonly packsIndexed: number;
  readonly packsDeleted: number;
  readonly chunksDeleted: number;
  readonly bytesDeleted: number;
  /** Packs on a swept list that stayed because a chunk of theirs is needed after all and has no other copy. */
  readonly packsKept: number;
  readonly listsSwept: number;
  /** Lists not swept yet: too young, or a backup that may rely on their packs still runs. */
  readonly listsDeferred: number;
  /** Live backup leases that deferred a sweep. */
  readonly deferredBy: string[];
  /** Index segments the index rewrite replaced (0: not rewritten). */
  readonly segmentsReplaced: number;
}

/**
 * Deletes pack files whose chunks no recovery point needs, safely while backups run. Two phases, each run doing
 * both (one collection at a time: `gc/lock`):
 *
 * - **mark** (see mark.ts): packs older than `graceMs` and on no list whose chunks are all unneeded — or mostly
 *   unneeded, after their needed chunks were copied into new packs — go on a new tombstone list.
 * - **sweep** (see sweep.ts): a list older than `graceMs`, for which no live backup lease started before it was
 *   visible (+ `clockMarginMs`): its packs are deleted unless one of their chunks is needed and has no copy in
 *   a pack outside every list; then the index is rewritten without them; then the list is deleted.
 *
 * Why this is safe: a backup writes its lease, then reads the tombstone lists, then the index; it never relies on
 * a pack on a list (it stores such chunks again, in new packs), it writes index segments before its manifest,
 * and its manifest before it deletes its lease. A backup that started before a list was visible may rely on any
 * pack of it, but its live lease defers the sweep; once it has finished, its manifest is listed (manifests are
 * read after leases, the index after manifests) and the chunks it references keep their packs. A backup that
 * started later never relies on the listed packs. A backup that could not renew its lease does not write its
 * manifest. Any manifest that cannot be read stops the collection: its references are unknown.
 */
export async function collectGarbage(opts: GarbageCollectionOptions): Promise<GarbageCollectionResult> {
  const { store } = opts;
  const repo = await openRepository(store, opts.key);
  const lock = await GcLock.acquire(store);
  try {
    const references = new ReferenceReader(repo);
    const marked = await markPacks(repo, await references.read(), await storeNow(store), {
      graceMs: opts.graceMs,
      repackThreshold: opts.repackThreshold ?? 0.5,
      packSize: opts.packSize ?? DEFAULT_PACK_SIZE,
      signal: opts.signal,
    });
    throwIfAborted(opts.signal, 'garbage collection');

    // sweep: lists first, then leases, then manifests, then the index — this order is what makes it safe
    const lists = await loadTombstoneLists(store);
    const now = await storeNow(store);
    const leases = await listLeases(store);
    const live = leases.filter((l) => now - l.refreshedAt.getTime() < l.ttlMs);
    for (const dead of leases) {
      if (now - dead.refreshedAt.getTime() > dead.ttlMs * 3) await store.delete(dead.key);
    }
    const refs = await references.read();
    const swept = await sweepLists(repo, lists, live, refs, now, {
      graceMs: opts.graceMs,
      clockMarginMs: opts.clockMarginMs ?? 60_000,
      maxSegments: 16,
      signal: opts.signal,
    });
    const { repacked, ...mark } = marked;
    return { manifests: references.manifests, chunksReferenced: refs.size, ...mark, bytesRepacked: repacked?.bytesCopied ?? 0, ...swept };
  } finally {
    await lock.release().catch(() => undefined);
  }
}
