import { ObjectStore } from '@tandem/objectstore';
import { WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { TombstoneSet } from '../gc/tombstones';
import { ManifestChunk } from '../manifest/manifest.model';
import { chunkKey } from '../repository/repository-layout';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';

export interface UploadCounters {
  chunksNew: number;
  chunksReused: number;
  bytesNew: number;
}

export interface ChunkUploaderOptions {
  readonly concurrency: number;
  readonly compressionLevel: number;
  readonly minSavings: number;
}

/**
 * Makes sure each chunk exists in the store, uploading it only when needed:
 * 1. the in-memory index (chunks of the parent manifest, and those this run stored) knows it: nothing to do;
 * 2. the same chunk is being stored right now by another file of this run: wait for that;
 * 3. `head` finds it (e.g. uploaded by an interrupted run, or by another volume): nothing to upload;
 * 4. otherwise seal it in a worker (unless it came sealed) and `put` it with ifAbsent.
 * Keys in a tombstone list are never relied on; such a chunk is stored under its rescue name instead.
 */
export class ChunkUploader {
  private readonly known = new Map<string, string | undefined>();
  private readonly storing = new Map<string, Promise<string | undefined>>();
  private readonly ops: WeightedSemaphore;

  constructor(
    private readonly store: ObjectStore,
    private readonly pool: CryptoWorkerPool,
    private readonly tombstones: TombstoneSet,
    private readonly opts: ChunkUploaderOptions,
    readonly counters: UploadCounters,
  ) {
    this.ops = new WeightedSemaphore(opts.concurrency);
  }

  /** Whether a chunk reference from an earlier manifest may be reused as it is. */
  usable(ref: ManifestChunk): boolean {
    return !this.tombstones.has(chunkKey(ref.id, ref.gen));
  }

  /** Adds a reference from the parent manifest to the index (if usable). */
  remember(ref: ManifestChunk): void {
    if (this.usable(ref) && !this.known.has(ref.id)) this.known.set(ref.id, ref.gen);
  }

  /** Ensures the chunk is stored; `data` is handed to a worker and must not be used afterwards. Returns its gen. */
  async ensure(id: string, data: Buffer): Promise<string | undefined> {
    return this.ensureWith(id, async () => (await this.pool.seal(id, data, this.opts.compressionLevel, this.opts.minSavings)).blob);
  }

  /** Same, for a chunk a worker already sealed (small files). */
  async ensureSealed(id: string, blob: Buffer): Promise<string | undefined> {
    return this.ensureWith(id, async () => blob);
  }

  private async ensureWith(id: string, seal: () => Promise<Buffer>): Promise<string | undefined> {
    if (this.known.has(id)) {
      this.counters.chunksReused++;
      return this.known.get(id);
    }
    const running = this.storing.get(id);
    if (running) {
      this.counters.chunksReused++;
      return running;
    }
    const work = this.upload(id, seal);
    this.storing.set(id, work);
    try {
      const gen = await work;
      this.known.set(id, gen);
      return gen;
    } finally {
      this.storing.delete(id);
    }
  }

  private async upload(id: string, seal: () => Promise<Buffer>): Promise<string | undefined> {
    const gen = this.tombstones.has(chunkKey(id)) ? this.tombstones.rescueGen : undefined;
    const key = chunkKey(id, gen);
    if (await this.ops.use(1, () => this.store.head(key))) {
      this.counters.chunksReused++;
      return gen;
    }
    const blob = await seal();
    const { written } = await this.ops.use(1, () => this.store.put(key, blob, { ifAbsent: true }));
    if (written) {
      this.counters.chunksNew++;
      this.counters.bytesNew += blob.length;
    } else {
      this.counters.chunksReused++;
    }
    return gen;
  }
}
