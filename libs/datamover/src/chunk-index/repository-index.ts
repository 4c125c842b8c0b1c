import { ObjectNotFoundError } from '@tandem/objectstore';
import { forEachLimited } from '../concurrency/weighted.semaphore';
import { ENTRY_BYTES } from '../pack/pack-format';
import { Repository } from '../repository/repository';
import { INDEX_PREFIX, isIndexKey } from '../repository/repository-layout';
import { ChunkIndex } from './chunk-index';
import { decodeSegment, recordCount, SegmentPack } from './index-segment.codec';

/** The index as read from the store: each indexed pack's entries (a pack listed by several segments once). */
export interface IndexSnapshot {
  /** The segment keys read. */
  readonly segments: readonly string[];
  readonly packs: Map<string, Buffer>;
}

const ATTEMPTS = 5;

/**
 * Reads every index segment. Garbage collection may replace segments meanwhile (it writes the new ones before it
 * deletes the old): a segment that vanished between the listing and its read means the listing is stale, so the
 * whole read starts over.
 */
export async function readIndex(repo: Repository): Promise<IndexSnapshot> {
  for (let attempt = 1; ; attempt++) {
    const segments: string[] = [];
    for await (const info of repo.store.list(INDEX_PREFIX)) if (isIndexKey(info.key)) segments.push(info.key);
    try {
      const packs = new Map<string, Buffer>();
      const decoded = new Array<SegmentPack[]>(segments.length);
      await forEachLimited(segments, 8, async (key, i) => {
        decoded[i] = await decodeSegment(await repo.store.get(key), repo.keys.dataKey, key);
      });
      for (const list of decoded) for (const p of list) if (!packs.has(p.id)) packs.set(p.id, p.records);
      return { segments, packs };
    } catch (err) {
      if (err instanceof ObjectNotFoundError && attempt < ATTEMPTS) continue;
      throw err;
    }
  }
}

export interface BuildIndexOptions {
  /** Packs whose chunks must not be used at all (a backup leaves out packs on a tombstone list). */
  readonly exclude?: (packId: string) => boolean;
  /** Packs used only where no other pack has the chunk (a reader prefers packs no tombstone list names). */
  readonly demote?: (packId: string) => boolean;
}

/** The in-memory index of the packs of a snapshot (and of `more`, e.g. packs found by their trailers). */
export function buildChunkIndex(packs: Iterable<[string, Buffer]>, opts: BuildIndexOptions = {}): ChunkIndex {
  const all = [...packs];
  const index = new ChunkIndex(Math.ceil(all.reduce((n, [, r]) => n + recordCount(r), 0) * 1.7));
  const later: [string, Buffer][] = [];
  for (const [pack, records] of all) {
    if (opts.exclude?.(pack)) continue;
    if (opts.demote?.(pack)) later.push([pack, records]);
    else addPack(index, pack, records);
  }
  for (const [pack, records] of later) addPack(index, pack, records);
  return index;
}

export function addPack(index: ChunkIndex, pack: string, records: Buffer): void {
  for (let at = 0; at < records.length; at += ENTRY_BYTES) {
    index.putRaw(records, at, { pack, offset: records.readUInt32LE(at + 32), length: records.readUInt32LE(at + 36), size: records.readUInt32LE(at + 40) });
  }
}
