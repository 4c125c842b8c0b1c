import { ObjectNotFoundError, ObjectStore } from '@tandem/objectstore';
import { forEachLimited, WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { throwIfAborted } from '../datamover.errors';
import { ChunkIndex } from '../chunk-index/chunk-index';
import { packKey } from '../repository/repository-layout';
import { groupLimitsFor, groupRanges, WantedChunk } from './range-groups';

export interface FetchHandlers<T> {
  /**
   * Opens, checks and uses the chunks of one read: `blob` holds them at the offsets given (relative to it).
   * Answers per chunk null (done) or what is wrong with it; a bad chunk is then tried in its other copies.
   */
  process(blob: Uint8Array, chunks: readonly WantedChunk<T>[]): Promise<readonly (string | null)[]>;
  /** A chunk that is in no pack the index knows, whose pack is gone, or that does not open in any copy. */
  onBad(id: string, problem: 'missing' | 'corrupt', detail: string, item: T): Promise<void> | void;
}

export interface FetchOptions {
  readonly store: ObjectStore;
  readonly index: ChunkIndex;
  /** Ranged reads in flight. */
  readonly concurrency: number;
  /** Bounds the bytes read and being opened (the larger of a read's size and its plaintext). */
  readonly budget: WeightedSemaphore;
  readonly signal?: AbortSignal;
  readonly what: string;
}

export interface FetchCounters {
  chunksFetched: number;
  bytesFetched: number;
}

/**
 * Reads chunks from their packs: grouped by pack, in few ranged reads each (see groupRanges), each read handed
 * whole to `process`. A chunk whose read or check fails is tried in its other copies (a chunk stored twice, or
 * repacked) before it is reported bad.
 */
export async function fetchFromPacks<T>(wanted: Map<string, T>, opts: FetchOptions, handlers: FetchHandlers<T>): Promise<FetchCounters> {
  const counters: FetchCounters = { chunksFetched: 0, bytesFetched: 0 };
  const byPack = new Map<string, WantedChunk<T>[]>();
  for (const [id, item] of wanted) {
    const at = opts.index.get(id);
    if (!at) {
      await handlers.onBad(id, 'missing', 'no pack holds it (it is in no index segment nor in any pack trailer)', item);
      continue;
    }
    const list = byPack.get(at.pack) ?? [];
    list.push({ id, offset: at.offset, length: at.length, size: at.size, item });
    byPack.set(at.pack, list);
  }
  const limits = groupLimitsFor(opts.store);
  const groups = [...byPack.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([pack, list]) => groupRanges(pack, list, limits));

  /** Reads `chunks` (of one pack) from `start` to `end` and processes them; answers their problems. */
  const readAndProcess = async (pack: string, start: number, end: number, chunks: WantedChunk<T>[]): Promise<readonly (string | null)[]> => {
    const blob = await opts.store.getRange(packKey(pack), start, end - start);
    counters.bytesFetched += blob.length;
    const problems = await handlers.process(blob, chunks.map((c) => ({ ...c, offset: c.offset - start })));
    counters.chunksFetched += problems.filter((p) => p === null).length;
    return problems;
  };

  const retry = async (c: WantedChunk<T>, failed: string, problem: 'missing' | 'corrupt', detail: string): Promise<void> => {
    for (const loc of opts.index.locations(c.id)) {
      if (loc.pack === failed) continue;
      const copy = { ...c, offset: loc.offset, length: loc.length };
      const outcome = await readAndProcess(loc.pack, loc.offset, loc.offset + loc.length, [copy]).catch((err: unknown) =>
        err instanceof ObjectNotFoundError ? ['missing'] : Promise.reject(err),
      );
      if (outcome[0] === null) return;
    }
    await handlers.onBad(c.id, problem, detail, c.item);
  };

  await forEachLimited(groups, opts.concurrency, async (group) => {
    throwIfAborted(opts.signal, opts.what);
    const weight = Math.max(group.end - group.start, group.plain);
    await opts.budget.acquire(weight);
    let problems: readonly (string | null)[];
    try {
      problems = await readAndProcess(group.pack, group.start, group.end, group.chunks);
    } catch (err) {
      if (!(err instanceof ObjectNotFoundError)) throw err;
      for (const c of group.chunks) await retry(c, group.pack, 'missing', `its pack ${packKey(group.pack)} is missing from the store`);
      return;
    } finally {
      opts.budget.release(weight);
    }
    for (const [i, c] of group.chunks.entries()) {
      const problem = problems[i];
      if (problem !== null) await retry(c, group.pack, 'corrupt', `in pack ${packKey(group.pack)} at offset ${c.offset}: ${problem ?? 'not checked'}`);
    }
  });
  return counters;
}
