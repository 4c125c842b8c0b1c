import { TombstoneSet } from '../gc/tombstones';
import { ChunkIndex } from '../chunk-index/chunk-index';
import { SegmentPack } from '../chunk-index/index-segment.codec';
import { buildChunkIndex, readIndex } from '../chunk-index/repository-index';
import { listPacks, readUnindexedPacks } from '../chunk-index/unindexed-packs';
import { Repository } from '../repository/repository';

export interface BackupIndex {
  readonly index: ChunkIndex;
  /** Packs in the store that no segment listed, found by their trailers: the next segment lists them. */
  readonly adopted: SegmentPack[];
}

/**
 * The index a backup deduplicates against, read after its lease and the tombstone lists: every segment, plus the
 * packs no segment lists yet (a killed backup's, found by their trailers: a resumed backup uploads none of their
 * chunks again), minus packs on a tombstone list (garbage collection may delete them any moment) and packs
 * missing from the store.
 */
export async function openBackupIndex(repo: Repository, tombstones: TombstoneSet, warnings: string[]): Promise<BackupIndex> {
  const snapshot = await readIndex(repo);
  const inStore = await listPacks(repo); // after the index: every pack a segment read lists was written before
  const found = await readUnindexedPacks(repo, inStore, (id) => snapshot.packs.has(id) || tombstones.has(id));
  for (const u of found.unreadable) {
    warnings.push(`pack ${u.key} is in no index segment and its trailer cannot be read, so none of its chunks were reused: ${u.problem}`);
  }
  const index = buildChunkIndex([...snapshot.packs, ...found.packs.map((p): [string, Buffer] => [p.id, p.records])], {
    exclude: (id) => tombstones.has(id) || !inStore.has(id),
  });
  return { index, adopted: found.packs };
}
