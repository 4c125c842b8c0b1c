import { ObjectStore } from '@tandem/objectstore';
import { openRepository } from '../repository/repository';
import { writeSegments } from './index-segments';
import { readIndex } from './repository-index';
import { listPacks, readUnindexedPacks } from './unindexed-packs';

export interface RebuildIndexOptions {
  readonly store: ObjectStore;
  readonly key: Uint8Array;
  /**
   * Read every pack's trailer and replace all segments (after a damaged segment); by default only the packs no
   * segment lists are read and added (after segments were lost, or a backup was killed before indexing).
   */
  readonly full?: boolean;
}

export interface RebuildIndexResult {
  /** Packs whose trailers were read and indexed. */
  readonly packsIndexed: number;
  /** Packs whose trailers cannot be read, with why (their chunks cannot be found; garbage collection deletes them). */
  readonly unreadable: { readonly key: string; readonly problem: string }[];
  readonly segmentsWritten: number;
  readonly segmentsReplaced: number;
}

/**
 * Rebuilds the repository index from the packs' own trailers. Backups, restores and verifications already read
 * the trailers of unindexed packs when they need to; this writes the result down once.
 */
export async function rebuildIndex(opts: RebuildIndexOptions): Promise<RebuildIndexResult> {
  const repo = await openRepository(opts.store, opts.key);
  const snapshot = opts.full ? undefined : await readIndex(repo);
  const segments = opts.full ? await listSegments(opts.store) : [];
  const found = await readUnindexedPacks(repo, await listPacks(repo), (id) => snapshot?.packs.has(id) ?? false);
  const written = await writeSegments(repo, found.packs);
  for (const key of segments) await opts.store.delete(key);
  return { packsIndexed: found.packs.length, unreadable: found.unreadable, segmentsWritten: written.length, segmentsReplaced: segments.length };
}

async function listSegments(store: ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list('index/')) keys.push(info.key);
  return keys;
}
