import { ChunkIndex } from '../chunk-index/chunk-index';
import { ManifestChunk } from '../manifest/manifest.model';
import { PackWriter } from '../pack/pack.writer';

export interface StoreCounters {
  chunksNew: number;
  chunksReused: number;
  bytesNew: number;
}

/**
 * Makes sure each chunk is in the repository, storing it only when needed:
 * 1. the index (loaded at the start of the run, without packs on a tombstone list, plus what this run stored)
 *    knows it: nothing to do — no request to the store;
 * 2. the same chunk is being stored right now for another file of this run: wait for that;
 * 3. otherwise seal it in a worker (unless it came sealed) and add it to the open pack.
 * The chunk is indexed as soon as it is in a pack; the backup's manifest is written only after every pack and
 * the index segments that list them.
 */
export class ChunkStore {
  private readonly storing = new Map<string, Promise<boolean>>();

  constructor(
    private readonly index: ChunkIndex,
    private readonly packs: PackWriter,
    readonly counters: StoreCounters,
  ) {}

  /** Whether a chunk reference from an earlier manifest may be reused without reading its file again. */
  usable(ref: ManifestChunk): boolean {
    return this.index.has(ref.id);
  }

  /** Ensures a chunk that a worker already sealed is stored (the blob is copied into a pack). */
  async ensureSealed(id: string, size: number, blob: Buffer): Promise<boolean> {
    return this.ensureWith(id, size, async () => blob);
  }

  /**
   * Ensures a chunk is stored, sealing it with `seal` only if needed. `seal` answers undefined when the chunk's
   * bytes are gone (the file changed since it was hashed): then this answers false and nothing is stored.
   */
  async ensureFrom(id: string, size: number, seal: () => Promise<Buffer | undefined>): Promise<boolean> {
    return this.ensureWith(id, size, seal);
  }

  private async ensureWith(id: string, size: number, seal: () => Promise<Buffer | undefined>): Promise<boolean> {
    if (this.index.has(id)) {
      this.counters.chunksReused++;
      return true;
    }
    const running = this.storing.get(id);
    if (running && (await running)) {
      this.counters.chunksReused++;
      return true;
    }
    const work = (async () => {
      const blob = await seal();
      if (!blob) return false;
      const location = await this.packs.add(id, blob, size);
      this.index.put(id, location);
      this.counters.chunksNew++;
      this.counters.bytesNew += blob.length;
      return true;
    })();
    this.storing.set(id, work);
    try {
      return await work;
    } finally {
      if (this.storing.get(id) === work) this.storing.delete(id);
    }
  }
}
