import { CorruptObjectError, throwIfAborted } from '../datamover.errors';
import { ChunkIdSet } from '../chunk-index/chunk-id.table';
import { packRecords, recordCount } from '../chunk-index/index-segment.codec';
import { compactIndex } from '../chunk-index/index-segments';
import { readIndex } from '../chunk-index/repository-index';
import { listPacks } from '../chunk-index/unindexed-packs';
import { readPackTrailer } from '../pack/pack-trailer.reader';
import { Repository } from '../repository/repository';
import { packKey } from '../repository/repository-layout';
import { LeaseView } from './backup.lease';
import { canonicalIndex, stillNeeded } from './pack-usage';
import { TombstoneList } from './tombstones';

export interface SweepOptions {
  readonly graceMs: number;
  readonly clockMarginMs: number;
  /** Rewrite the index when it has more segments than this, even if no pack was deleted. */
  readonly maxSegments: number;
  readonly signal?: AbortSignal;
}

export interface SweepResult {
  readonly packsDeleted: number;
  readonly chunksDeleted: number;
  readonly bytesDeleted: number;
  /** Packs on a swept list that were kept: a chunk of theirs turned out to be needed and has no other copy. */
  readonly packsKept: number;
  readonly listsSwept: number;
  readonly listsDeferred: number;
  readonly deferredBy: string[];
  /** Index segments replaced by the rewrite (0 when the index was not rewritten). */
  readonly segmentsReplaced: number;
}

/**
 * The sweep phase, given the lists, the live leases and the references, read in that order (the order makes it
 * safe; see collect-garbage.ts). A list is swept when it is older than `graceMs` and no live lease started
 * before it became visible (+ `clockMarginMs`). Its packs are deleted unless one of their chunks is referenced
 * and has no copy in a pack outside every list. Then the index is rewritten without the deleted packs, and only
 * then are the lists deleted: until the index forgets a pack, a list still says it must not be relied on.
 */
export async function sweepLists(
  repo: Repository,
  lists: readonly TombstoneList[],
  live: readonly LeaseView[],
  refs: ChunkIdSet,
  now: number,
  opts: SweepOptions,
): Promise<SweepResult> {
  const snapshot = await readIndex(repo); // after the manifests: every manifest seen has its segments written
  const inStore = await listPacks(repo);
  const listed = new Set(lists.flatMap((l) => l.packs));
  const elsewhere = canonicalIndex(snapshot.packs, inStore, (id) => listed.has(id));
  const deleted = new Set<string>();
  /** Packs the index must forget: deleted now, or by an earlier run that stopped before its index rewrite. */
  const forget = new Set<string>();
  const deferredBy = new Set<string>();
  const swept: TombstoneList[] = [];
  let chunksDeleted = 0;
  let bytesDeleted = 0;
  let packsKept = 0;
  for (const list of lists) {
    const blockers = live.filter((l) => l.startedAt.getTime() < list.visibleAt.getTime() + opts.clockMarginMs);
    if (now - list.visibleAt.getTime() < opts.graceMs || blockers.length > 0) {
      blockers.forEach((b) => deferredBy.add(b.key));
      continue;
    }
    for (const pack of list.packs) {
      throwIfAborted(opts.signal, 'garbage collection');
      const info = inStore.get(pack);
      if (!info) forget.add(pack);
      if (!info || deleted.has(pack)) continue;
      const records = snapshot.packs.get(pack) ?? (await trailerRecords(repo, pack, info.size));
      if (stillNeeded(records, refs, elsewhere)) {
        packsKept++;
        continue;
      }
      await repo.store.delete(info.key);
      deleted.add(pack);
      forget.add(pack);
      chunksDeleted += records ? recordCount(records) : 0;
      bytesDeleted += info.size;
    }
    swept.push(list);
  }
  const segmentsReplaced = forget.size > 0 || snapshot.segments.length > opts.maxSegments ? (await compactIndex(repo, forget)).replaced : 0;
  for (const list of swept) await repo.store.delete(list.key);
  return {
    packsDeleted: deleted.size,
    chunksDeleted,
    bytesDeleted,
    packsKept,
    listsSwept: swept.length,
    listsDeferred: lists.length - swept.length,
    deferredBy: [...deferredBy],
    segmentsReplaced,
  };
}

/** The entries of a pack no segment lists, from its trailer; undefined when that cannot be read. */
async function trailerRecords(repo: Repository, pack: string, size: number): Promise<Buffer | undefined> {
  try {
    return packRecords(await readPackTrailer(repo.store, packKey(pack), size, repo.keys.dataKey));
  } catch (err) {
    if (err instanceof CorruptObjectError) return undefined;
    throw err;
  }
}
