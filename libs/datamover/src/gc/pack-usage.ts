import { ObjectInfo } from '@tandem/objectstore';
import { ChunkIdTable } from '../chunk-index/chunk-id.table';
import { ChunkIndex } from '../chunk-index/chunk-index';
import { buildChunkIndex } from '../chunk-index/repository-index';
import { ENTRY_BYTES } from '../pack/pack-format';

/** How much of a pack recovery points still need. */
export interface PackUsage {
  readonly id: string;
  readonly info: ObjectInfo;
  /** Its entries (index or trailer), or undefined for a pack whose content is unknown (unreadable trailer). */
  readonly records: Buffer | undefined;
  /** Record numbers of the chunks that are needed here: referenced, and this is their canonical copy. */
  readonly live: number[];
  /** Bytes of those chunks' envelopes. */
  readonly liveBytes: number;
}

/**
 * The index of the copies that count: packs in the store and on no tombstone list, in pack id order, so that a
 * chunk stored in several packs has its canonical copy in the pack with the smallest id (deterministic, so
 * every collection agrees which copies are surplus).
 */
export function canonicalIndex(contents: Map<string, Buffer>, inStore: Map<string, ObjectInfo>, listed: (packId: string) => boolean): ChunkIndex {
  const usable = [...contents].filter(([id]) => inStore.has(id) && !listed(id));
  usable.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return buildChunkIndex(usable);
}

/** The usage of every pack in the store that no tombstone list names yet. */
export function packUsage(
  contents: Map<string, Buffer>,
  inStore: Map<string, ObjectInfo>,
  listed: (packId: string) => boolean,
  refs: ChunkIdTable,
): PackUsage[] {
  const canonical = canonicalIndex(contents, inStore, listed);
  const usage: PackUsage[] = [];
  for (const [id, info] of inStore) {
    if (listed(id)) continue;
    const records = contents.get(id);
    const live: number[] = [];
    let liveBytes = 0;
    for (let at = 0; records && at < records.length; at += ENTRY_BYTES) {
      if (refs.hasBytes(records, at) && canonical.primaryPack(records, at) === id) {
        live.push(at / ENTRY_BYTES);
        liveBytes += records.readUInt32LE(at + 36);
      }
    }
    usage.push({ id, info, records, live, liveBytes });
  }
  return usage;
}

/**
 * Whether a pack on a tombstone list must stay after all: one of its chunks is referenced and has no copy in
 * a pack outside every list (`elsewhere`). A pack whose content is unknown is not needed: no reader can find
 * its chunks either.
 */
export function stillNeeded(records: Buffer | undefined, refs: ChunkIdTable, elsewhere: ChunkIndex): boolean {
  for (let at = 0; records && at < records.length; at += ENTRY_BYTES) {
    if (refs.hasBytes(records, at) && !elsewhere.hasBytes(records, at)) return true;
  }
  return false;
}
