import { ObjectInfo } from '@tandem/objectstore';
import { forEachLimited } from '../concurrency/weighted.semaphore';
import { CorruptObjectError } from '../datamover.errors';
import { readPackTrailer } from '../pack/pack-trailer.reader';
import { Repository } from '../repository/repository';
import { PACKS_PREFIX, parsePackKey } from '../repository/repository-layout';
import { packRecords, SegmentPack } from './index-segment.codec';

/** Every pack in the store, by id. */
export async function listPacks(repo: Repository): Promise<Map<string, ObjectInfo>> {
  const packs = new Map<string, ObjectInfo>();
  for await (const info of repo.store.list(PACKS_PREFIX)) {
    const id = parsePackKey(info.key);
    if (id) packs.set(id, info);
  }
  return packs;
}

export interface FoundPacks {
  /** Packs whose trailers were read, with their entries. */
  readonly packs: SegmentPack[];
  /** Packs whose trailer could not be read (damaged, or of another repository), with why. */
  readonly unreadable: { readonly key: string; readonly problem: string }[];
}

/**
 * Reads the trailers of packs the index does not list (`skip` answers true for the ones to leave alone): a
 * backup killed after writing a pack but before indexing it left such packs, and so does losing the index.
 * One or two ranged reads per pack.
 */
export async function readUnindexedPacks(
  repo: Repository,
  inStore: Map<string, ObjectInfo>,
  skip: (packId: string) => boolean,
): Promise<FoundPacks> {
  const todo = [...inStore.entries()].filter(([id]) => !skip(id));
  const packs: SegmentPack[] = [];
  const unreadable: FoundPacks['unreadable'] = [];
  await forEachLimited(todo, 8, async ([id, info]) => {
    try {
      const entries = await readPackTrailer(repo.store, info.key, info.size, repo.keys.dataKey);
      packs.push({ id, records: packRecords(entries) });
    } catch (err) {
      if (!(err instanceof CorruptObjectError)) throw err;
      unreadable.push({ key: info.key, problem: err.message });
    }
  });
  return { packs, unreadable };
}
