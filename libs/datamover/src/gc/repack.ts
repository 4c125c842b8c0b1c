import { CorruptObjectError, throwIfAborted } from '../datamover.errors';
import { packRecords, recordAt } from '../chunk-index/index-segment.codec';
import { IndexSegmentWriter } from '../chunk-index/index-segment.writer';
import { PackWriter } from '../pack/pack.writer';
import { groupLimitsFor, groupRanges } from '../pack/range-groups';
import { Repository } from '../repository/repository';
import { packKey } from '../repository/repository-layout';
import { PackUsage } from './pack-usage';

export interface RepackResult {
  readonly packsWritten: number;
  readonly chunksCopied: number;
  readonly bytesCopied: number;
}

/**
 * Copies the chunks still needed from partly used packs into new packs, and indexes them; the old packs can
 * then go on a tombstone list like unused ones. Chunks are copied as they are stored (sealed envelopes are bound
 * to their chunk id, not to their pack), without being opened: what was sound stays sound.
 */
export async function repack(repo: Repository, packs: readonly PackUsage[], opts: { packSize: number; signal?: AbortSignal }): Promise<RepackResult> {
  const segments = new IndexSegmentWriter(repo.store, repo.keys.dataKey);
  const writer = new PackWriter(repo.store, repo.keys.dataKey, { targetSize: opts.packSize, concurrency: 2 }, (pack) =>
    segments.add({ id: pack.id, records: packRecords(pack.entries) }),
  );
  let chunksCopied = 0;
  let bytesCopied = 0;
  try {
    for (const usage of packs) {
      const records = usage.records as Buffer;
      const wanted = usage.live.map((i) => ({ ...recordAt(records, i), item: undefined }));
      for (const group of groupRanges(usage.id, wanted, groupLimitsFor(repo.store))) {
        throwIfAborted(opts.signal, 'garbage collection');
        const key = packKey(usage.id);
        const blob = await repo.store.getRange(key, group.start, group.end - group.start);
        for (const c of group.chunks) {
          const at = c.offset - group.start;
          if (at + c.length > blob.length) throw new CorruptObjectError(key, `it ends before chunk ${c.id}, which its index puts at ${c.offset}`);
          await writer.add(c.id, blob.subarray(at, at + c.length), c.size);
          chunksCopied++;
          bytesCopied += c.length;
        }
      }
    }
    await writer.finish();
    await segments.flush();
  } catch (err) {
    await writer.abandon();
    throw err;
  }
  return { packsWritten: writer.stats.packs, chunksCopied, bytesCopied };
}
