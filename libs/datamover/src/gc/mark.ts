import { throwIfAborted } from '../datamover.errors';
import { ChunkIdSet } from '../chunk-index/chunk-id.table';
import { recordCount } from '../chunk-index/index-segment.codec';
import { writeSegments } from '../chunk-index/index-segments';
import { readIndex } from '../chunk-index/repository-index';
import { listPacks, readUnindexedPacks } from '../chunk-index/unindexed-packs';
import { Repository } from '../repository/repository';
import { packUsage } from './pack-usage';
import { repack, RepackResult } from './repack';
import { loadTombstoneLists, writeTombstoneList } from './tombstones';

export interface MarkOptions {
  readonly graceMs: number;
  readonly repackThreshold: number;
  readonly packSize: number;
  readonly signal?: AbortSignal;
}

export interface MarkResult {
  /** Packs put on the new tombstone list: unused, or just repacked. */
  readonly packsMarked: number;
  readonly chunksMarked: number;
  readonly packsRepacked: number;
  readonly repacked?: RepackResult;
  /** Packs partly used but below the repack threshold: left as they are. */
  readonly packsPartlyUsed: number;
  /** Bytes no recovery point needs in those packs. */
  readonly bytesUnused: number;
  /** Packs no segment listed (a killed backup's), indexed now from their trailers. */
  readonly packsIndexed: number;
}

/**
 * The mark phase. Packs old enough (`graceMs`) and on no list yet are judged by what the manifests reference:
 * a pack none of whose chunks is needed goes on a new tombstone list; a pack whose unneeded share reaches
 * `repackThreshold` has its needed chunks copied into new packs first, then goes on the list too; the rest
 * stay. Old packs no index segment lists are indexed from their trailers first (an unreadable one is unused).
 */
export async function markPacks(repo: Repository, refs: ChunkIdSet, now: number, opts: MarkOptions): Promise<MarkResult> {
  const existing = await loadTombstoneLists(repo.store);
  const listed = new Set(existing.flatMap((l) => l.packs));
  const snapshot = await readIndex(repo);
  const inStore = await listPacks(repo);
  const old = (id: string): boolean => now - (inStore.get(id)?.modified.getTime() ?? now) >= opts.graceMs;
  const found = await readUnindexedPacks(repo, inStore, (id) => snapshot.packs.has(id) || listed.has(id) || !old(id));
  if (found.packs.length > 0) await writeSegments(repo, found.packs);
  const contents = new Map(snapshot.packs);
  for (const p of found.packs) contents.set(p.id, p.records);

  const usage = packUsage(contents, inStore, (id) => listed.has(id), refs).filter((u) => old(u.id));
  const unused = usage.filter((u) => u.live.length === 0);
  const partly = usage.filter((u) => u.live.length > 0 && u.records && u.live.length < recordCount(u.records));
  const toRepack = partly.filter((u) => 1 - u.liveBytes / u.info.size >= opts.repackThreshold);
  const left = partly.filter((u) => !toRepack.includes(u));
  throwIfAborted(opts.signal, 'garbage collection');
  const repacked = toRepack.length > 0 ? await repack(repo, toRepack, { packSize: opts.packSize, signal: opts.signal }) : undefined;
  const marked = [...unused, ...toRepack];
  if (marked.length > 0) await writeTombstoneList(repo.store, marked.map((u) => u.id));
  return {
    packsMarked: marked.length,
    chunksMarked: marked.reduce((n, u) => n + (u.records ? recordCount(u.records) - u.live.length : 0), 0),
    packsRepacked: toRepack.length,
    ...(repacked ? { repacked } : {}),
    packsPartlyUsed: left.length,
    bytesUnused: left.reduce((n, u) => n + u.info.size - u.liveBytes, 0),
    packsIndexed: found.packs.length,
  };
}
