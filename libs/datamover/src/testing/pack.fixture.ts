import { ObjectStore } from '@tandem/objectstore';
import { ChunkLocation } from '../chunk-index/chunk-index';
import { buildChunkIndex, readIndex } from '../chunk-index/repository-index';
import { loadManifest } from '../manifest/recovery-points';
import { openRepository } from '../repository/repository';
import { packKey } from '../repository/repository-layout';

// Test helpers around packs: where the index puts a chunk, which packs a recovery point uses, what the store holds.

export async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list(prefix)) out.push(o.key);
  return out.sort();
}

/** Where the index puts a chunk, with its pack's key. */
export async function locateChunk(store: ObjectStore, key: Uint8Array, id: string): Promise<ChunkLocation & { key: string }> {
  const repo = await openRepository(store, key);
  const at = buildChunkIndex((await readIndex(repo)).packs).get(id);
  if (!at) throw new Error(`chunk ${id} is in no index segment`);
  return { ...at, key: packKey(at.pack) };
}

/** The chunk ids of a recovery point's files, by path. */
export async function chunksOf(store: ObjectStore, key: Uint8Array, manifestKey: string): Promise<Map<string, string[]>> {
  const manifest = await loadManifest(await openRepository(store, key), manifestKey);
  return new Map(manifest.entries.filter((e) => e.type === 'file').map((e) => [e.path, (e.chunks ?? []).map((c) => c.id)]));
}

/** The pack keys that hold the chunks of a recovery point (by the index). */
export async function packsOf(store: ObjectStore, key: Uint8Array, manifestKey: string): Promise<string[]> {
  const repo = await openRepository(store, key);
  const index = buildChunkIndex((await readIndex(repo)).packs);
  const packs = new Set<string>();
  for (const ids of (await chunksOf(store, key, manifestKey)).values()) {
    for (const id of ids) {
      const at = index.get(id);
      if (at) packs.add(packKey(at.pack));
    }
  }
  return [...packs].sort();
}
