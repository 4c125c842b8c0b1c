import { ObjectNotFoundError } from '@tandem/objectstore';
import { ChunkIdSet } from '../chunk-index/chunk-id.table';
import { decodeManifest } from '../manifest/manifest.codec';
import { Repository } from '../repository/repository';
import { MANIFESTS_PREFIX, parseManifestKey } from '../repository/repository-layout';

/**
 * The chunks recovery points reference, read from every manifest. Manifests are immutable, so each one's chunk
 * ids are kept (raw, 32 bytes each) between the two phases of a collection and read only once.
 */
export class ReferenceReader {
  private readonly cache = new Map<string, Buffer>();

  constructor(private readonly repo: Repository) {}

  /** Manifests seen by the last `read`. */
  get manifests(): number {
    return this.cache.size;
  }

  /** Every chunk id any manifest references now. A manifest that cannot be read stops it (refs unknown). */
  async read(): Promise<ChunkIdSet> {
    const refs = new ChunkIdSet();
    const present = new Set<string>();
    for await (const info of this.repo.store.list(MANIFESTS_PREFIX)) {
      if (!parseManifestKey(info.key)) continue;
      let ids = this.cache.get(info.key);
      if (!ids) {
        let blob: Uint8Array;
        try {
          blob = await this.repo.store.get(info.key);
        } catch (err) {
          if (err instanceof ObjectNotFoundError) continue; // deleted by retention since it was listed
          throw err;
        }
        const manifest = await decodeManifest(blob, this.repo.keys.dataKey, info.key);
        const list = manifest.entries.flatMap((e) => (e.chunks ?? []).map((c) => c.id));
        ids = Buffer.alloc(list.length * 32);
        list.forEach((id, i) => ids?.write(id, i * 32, 32, 'hex'));
        this.cache.set(info.key, ids);
      }
      present.add(info.key);
      for (let at = 0; at < ids.length; at += 32) refs.addBytes(ids, at);
    }
    for (const key of this.cache.keys()) if (!present.has(key)) this.cache.delete(key);
    return refs;
  }
}
