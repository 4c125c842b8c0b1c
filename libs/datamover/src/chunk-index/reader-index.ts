import { loadTombstoneLists, TombstoneSet } from '../gc/tombstones';
import { Repository } from '../repository/repository';
import { ChunkIndex } from './chunk-index';
import { addPack, buildChunkIndex, readIndex } from './repository-index';
import { listPacks, readUnindexedPacks } from './unindexed-packs';

/**
 * The index a restore or a verification reads chunks through. Packs on a tombstone list come last (a chunk
 * that garbage collection repacked is read from its new pack). If some chunk it needs is in no segment (the
 * index was lost or damaged, or a pack's segment was never written), the trailers of the packs no segment
 * lists are read as well, so a recovery point stays readable from its packs alone.
 */
export async function openReaderIndex(repo: Repository, needed: Iterable<string>): Promise<ChunkIndex> {
  const tombstones = new TombstoneSet(await loadTombstoneLists(repo.store));
  const snapshot = await readIndex(repo);
  const index = buildChunkIndex(snapshot.packs, { demote: (id) => tombstones.has(id) });
  for (const id of needed) {
    if (index.has(id)) continue;
    const found = await readUnindexedPacks(repo, await listPacks(repo), (pack) => snapshot.packs.has(pack));
    for (const p of found.packs) addPack(index, p.id, p.records);
    break;
  }
  return index;
}
