import { ObjectNotFoundError, ObjectStore } from '@tandem/objectstore';
import { throwIfAborted } from '../datamover.errors';
import { decodeManifest } from '../manifest/manifest.codec';
import { openRepository, Repository } from '../repository/repository';
import { chunkKey, CHUNKS_PREFIX, MANIFESTS_PREFIX, parseChunkKey, parseManifestKey } from '../repository/repository-layout';
import { listLeases } from './backup.lease';
import { loadTombstoneLists, TombstoneList, writeTombstoneList } from './tombstones';

export interface GarbageCollectionOptions {
  readonly store: ObjectStore;
  readonly key: Uint8Array;
  /**
   * Chunks written less than this long ago are never marked, and a tombstone list is swept no sooner than this
   * after it was written. Protects the uploads of a backup that was interrupted and will resume.
   */
  readonly graceMs: number;
  /**
   * A backup whose lease started less than this after a tombstone list was written might not have seen it, so
   * it keeps the list from being swept (covers slow writes and clock differences). Default 60 s.
   */
  readonly clockMarginMs?: number;
  readonly signal?: AbortSignal;
}

export interface GarbageCollectionResult {
  readonly manifests: number;
  readonly chunksReferenced: number;
  /** Unreferenced chunks put on a new tombstone list by this run. */
  readonly chunksMarked: number;
  readonly chunksDeleted: number;
  readonly bytesDeleted: number;
  readonly listsSwept: number;
  /** Lists not swept yet: too young, or a backup that may rely on their chunks still runs. */
  readonly listsDeferred: number;
  /** Live backup leases that deferred a sweep. */
  readonly deferredBy: string[];
}

/**
 * Deletes chunks that no manifest references, safely while backups run. Two phases, each run doing both:
 *
 * - **mark**: chunks that no manifest references, older than `graceMs` and not yet listed, go on a new
 *   tombstone list `gc/tombstones/<gen>`.
 * - **sweep**: a list is swept when it is older than `graceMs` and no live backup lease started before it was
 *   visible (+ `clockMarginMs`): its chunks that are still unreferenced are deleted, then the list.
 *
 * Why this is safe: a backup writes its lease, then reads the tombstone lists; it never relies on a listed chunk
 * (it writes it again under a new name, `<id>.g<gen>`), and it writes its manifest before it deletes its lease.
 * A backup that started before a list was visible may have relied on any of its chunks, but its live lease
 * defers the sweep; once it has finished, its manifest is listed (manifests are listed after leases) and the
 * chunks it references are kept. A backup that could not renew its lease does not write its manifest.
 * Any manifest that cannot be read stops the collection: its references are unknown.
 */
export async function collectGarbage(opts: GarbageCollectionOptions): Promise<GarbageCollectionResult> {
  const { store } = opts;
  const margin = opts.clockMarginMs ?? 60_000;
  const repo = await openRepository(store, opts.key);
  const cache = new Map<string, string[]>();

  // mark
  let now = await storeNow(store);
  const firstRefs = await referencedKeys(repo, cache);
  const existing = await loadTombstoneLists(store);
  const listed = new Set(existing.flatMap((l) => l.keys));
  const candidates: string[] = [];
  for await (const info of store.list(CHUNKS_PREFIX)) {
    if (!parseChunkKey(info.key) || firstRefs.has(info.key) || listed.has(info.key)) continue;
    if (now - info.modified.getTime() >= opts.graceMs) candidates.push(info.key);
  }
  throwIfAborted(opts.signal, 'garbage collection');
  if (candidates.length > 0) await writeTombstoneList(store, candidates);

  // sweep: lists first, then leases, then manifests — this order is what makes it safe
  const lists = await loadTombstoneLists(store);
  now = await storeNow(store);
  const leases = await listLeases(store);
  const live = leases.filter((l) => now - l.refreshedAt.getTime() < l.ttlMs);
  for (const dead of leases) {
    if (now - dead.refreshedAt.getTime() > dead.ttlMs * 3) await store.delete(dead.key);
  }
  const refs = await referencedKeys(repo, cache);
  let chunksDeleted = 0;
  let bytesDeleted = 0;
  let listsSwept = 0;
  const deferredBy = new Set<string>();
  const deferred: TombstoneList[] = [];
  for (const list of lists) {
    const blockers = live.filter((l) => l.startedAt.getTime() < list.visibleAt.getTime() + margin);
    if (now - list.visibleAt.getTime() < opts.graceMs || blockers.length > 0) {
      blockers.forEach((b) => deferredBy.add(b.key));
      deferred.push(list);
      continue;
    }
    for (const key of list.keys) {
      throwIfAborted(opts.signal, 'garbage collection');
      if (refs.has(key)) continue;
      const info = await store.head(key);
      if (!info) continue;
      await store.delete(key);
      chunksDeleted++;
      bytesDeleted += info.size;
    }
    await store.delete(list.key);
    listsSwept++;
  }
  return {
    manifests: cache.size,
    chunksReferenced: refs.size,
    chunksMarked: candidates.length,
    chunksDeleted,
    bytesDeleted,
    listsSwept,
    listsDeferred: deferred.length,
    deferredBy: [...deferredBy],
  };
}

/** The store's idea of now: the modification time of an object written just now (no clock skew with leases). */
async function storeNow(store: ObjectStore): Promise<number> {
  const key = 'gc/clock';
  await store.put(key, Buffer.from(new Date().toISOString()));
  const info = await store.head(key);
  return (info?.modified ?? new Date()).getTime();
}

/** Every chunk key any manifest references. Manifests are immutable, so decoded ones are cached by key. */
async function referencedKeys(repo: Repository, cache: Map<string, string[]>): Promise<Set<string>> {
  const refs = new Set<string>();
  const present = new Set<string>();
  for await (const info of repo.store.list(MANIFESTS_PREFIX)) {
    if (!parseManifestKey(info.key)) continue;
    present.add(info.key);
    let keys = cache.get(info.key);
    if (!keys) {
      let blob: Uint8Array;
      try {
        blob = await repo.store.get(info.key);
      } catch (err) {
        if (err instanceof ObjectNotFoundError) continue; // deleted by retention since it was listed
        throw err;
      }
      const manifest = await decodeManifest(blob, repo.keys.dataKey, info.key); // unreadable: stop, refs unknown
      keys = manifest.entries.flatMap((e) => (e.chunks ?? []).map((c) => chunkKey(c.id, c.gen)));
      cache.set(info.key, keys);
    }
    for (const k of keys) refs.add(k);
  }
  for (const key of cache.keys()) if (!present.has(key)) cache.delete(key);
  return refs;
}
