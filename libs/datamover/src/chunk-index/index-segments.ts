import { newIndexKey } from '../repository/repository-layout';
import { Repository } from '../repository/repository';
import { encodeSegment, recordCount, SegmentPack } from './index-segment.codec';
import { MAX_SEGMENT_ENTRIES } from './index-segment.writer';
import { readIndex } from './repository-index';

/** Writes packs as index segments of at most MAX_SEGMENT_ENTRIES entries; answers the keys written. */
export async function writeSegments(repo: Repository, packs: readonly SegmentPack[]): Promise<string[]> {
  const keys: string[] = [];
  let batch: SegmentPack[] = [];
  let entries = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const key = newIndexKey();
    await repo.store.put(key, await encodeSegment(batch, repo.keys.dataKey, key), { ifAbsent: true });
    keys.push(key);
    batch = [];
    entries = 0;
  };
  for (const p of packs) {
    if (entries + recordCount(p.records) > MAX_SEGMENT_ENTRIES) await flush();
    batch.push(p);
    entries += recordCount(p.records);
  }
  await flush();
  return keys;
}

/**
 * Rewrites the whole index as few segments, without the packs in `drop` (deleted ones): the new segments are
 * written first, then the segments they replace are deleted, so a reader always finds every pack in some
 * segment (a reader that meets a deleted segment reads the index again). Segments written meanwhile by
 * backups are not among those read, so they stay. Answers how many segments were replaced and written.
 */
export async function compactIndex(repo: Repository, drop: ReadonlySet<string>): Promise<{ replaced: number; written: number }> {
  const snapshot = await readIndex(repo);
  const keep = [...snapshot.packs].filter(([id]) => !drop.has(id)).map(([id, records]) => ({ id, records }));
  const written = await writeSegments(repo, keep);
  for (const key of snapshot.segments) await repo.store.delete(key);
  return { replaced: snapshot.segments.length, written: written.length };
}
