import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { ObjectNotFoundError } from '@tandem/objectstore';
import { WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { chunkId } from '../crypto/chunk-id';
import { BadChunkError } from '../datamover.errors';
import { ManifestChunk } from '../manifest/manifest.model';
import { Repository } from '../repository/repository';
import { chunkKey } from '../repository/repository-layout';
import { ChunkIntegrityError, CryptoWorkerPool } from '../workers/crypto-worker.pool';

export interface ChunkSourceCounters {
  chunksFetched: number;
  bytesFetched: number;
  chunksLocal: number;
  chunksZero: number;
}

/**
 * Where a restore gets each chunk's plaintext, verified against its keyed hash in every case:
 * - all-zero chunks: not fetched at all (the id is checked against the hash of zeros of that size);
 * - a copy on local disk (a file of the previous restore, or one this restore already wrote): read and hashed;
 *   a mismatch (the file changed since) falls back to the store;
 * - the store: fetched, decrypted, decompressed and hashed in a worker.
 */
export class RestoreChunkSource {
  private readonly local = new Map<string, { path: string; offset: number }>();
  private readonly zeroIds = new Map<number, string>();
  private readonly fetching = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly repo: Repository,
    private readonly pool: CryptoWorkerPool,
    private readonly ops: WeightedSemaphore,
    readonly counters: ChunkSourceCounters,
  ) {}

  /** Registers a local copy of a chunk (the first one registered is used). */
  addLocal(id: string, path: string, offset: number): void {
    if (!this.local.has(id)) this.local.set(id, { path, offset });
  }

  /** The chunk's verified plaintext, or 'zero' for a chunk to leave as a hole. `file` names it in errors. */
  async get(ref: ManifestChunk, file: string): Promise<Buffer | 'zero'> {
    if (ref.zero) {
      if (this.zeroId(ref.size) !== ref.id) throw new BadChunkError(ref.id, 'corrupt', file);
      this.counters.chunksZero++;
      return 'zero';
    }
    const local = this.local.get(ref.id);
    if (local) {
      const data = await this.readLocal(local.path, local.offset, ref);
      if (data) {
        this.counters.chunksLocal++;
        return data;
      }
      this.local.delete(ref.id);
    }
    let fetching = this.fetching.get(ref.id);
    if (!fetching) {
      fetching = this.fetch(ref, file).finally(() => this.fetching.delete(ref.id));
      this.fetching.set(ref.id, fetching);
    }
    return fetching;
  }

  private async fetch(ref: ManifestChunk, file: string): Promise<Buffer> {
    let blob: Uint8Array;
    try {
      blob = await this.ops.use(1, () => this.repo.store.get(chunkKey(ref.id, ref.gen)));
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw new BadChunkError(ref.id, 'missing', file, err);
      throw err;
    }
    this.counters.chunksFetched++;
    this.counters.bytesFetched += blob.length;
    let data: Buffer;
    try {
      data = await this.pool.open(ref.id, blob);
    } catch (err) {
      if (err instanceof ChunkIntegrityError) throw new BadChunkError(ref.id, 'corrupt', file, err);
      throw err;
    }
    if (data.length !== ref.size) throw new BadChunkError(ref.id, 'corrupt', file);
    return data;
  }

  private async readLocal(path: string, offset: number, ref: ManifestChunk): Promise<Buffer | undefined> {
    try {
      const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const buf = Buffer.allocUnsafeSlow(ref.size);
        const { bytesRead } = await fh.read(buf, 0, ref.size, offset);
        if (bytesRead !== ref.size) return undefined;
        const { id, data } = await this.pool.hash(buf);
        return id === ref.id ? data : undefined;
      } finally {
        await fh.close();
      }
    } catch {
      return undefined; // gone, or not readable: fetch it instead
    }
  }

  private zeroId(size: number): string {
    let id = this.zeroIds.get(size);
    if (!id) {
      id = chunkId(this.repo.keys.idKey, Buffer.alloc(size));
      this.zeroIds.set(size, id);
    }
    return id;
  }
}
