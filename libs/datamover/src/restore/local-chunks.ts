import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachLimited, WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { throwIfAborted } from '../datamover.errors';
import { assertSafeTree } from '../manifest/manifest-paths';
import { loadManifest } from '../manifest/recovery-points';
import { Repository } from '../repository/repository';
import { RecoveryPointRef } from '../repository/repository-layout';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';
import { ChunkWriter } from './chunk.writer';
import { ChunkNeed } from './restore-plan';

/**
 * Takes chunks from the tree the target holds now (the restore of `previous`) instead of the store: each is
 * read where the previous manifest puts it and hashed, and used only if it still hashes to its id (the
 * application may have changed the file since). What is used is removed from `needs`; the rest is fetched.
 * Answers how many chunks came from the local tree. A previous manifest that cannot be read only costs the
 * reuse, with a warning.
 */
export async function reuseLocalChunks(
  repo: Repository,
  previous: RecoveryPointRef,
  target: string,
  needs: Map<string, ChunkNeed>,
  io: { pool: CryptoWorkerPool; writer: ChunkWriter; budget: WeightedSemaphore; signal?: AbortSignal },
  warnings: string[],
): Promise<number> {
  const local = new Map<string, { path: string; offset: number }>();
  try {
    const manifest = await loadManifest(repo, previous);
    assertSafeTree(manifest);
    for (const entry of manifest.entries) {
      let offset = 0;
      for (const ref of entry.chunks ?? []) {
        if (!ref.zero && needs.has(ref.id) && !local.has(ref.id)) local.set(ref.id, { path: join(target, entry.path), offset });
        offset += ref.size;
      }
    }
  } catch (err) {
    warnings.push(`the previous recovery point could not be used to reuse local data, so every chunk was fetched: ${(err as Error).message}`);
    return 0;
  }
  let reused = 0;
  await forEachLimited([...local.entries()], 8, async ([id, at]) => {
    throwIfAborted(io.signal, 'restore');
    const need = needs.get(id) as ChunkNeed;
    await io.budget.acquire(need.size);
    try {
      const data = await readLocal(at.path, at.offset, need.size);
      if (!data) return;
      const hashed = await io.pool.hash(data);
      if (hashed.id !== id) return;
      await io.writer.write([{ need, data: hashed.data }]);
      needs.delete(id);
      reused++;
    } finally {
      io.budget.release(need.size);
    }
  });
  return reused;
}

async function readLocal(path: string, offset: number, size: number): Promise<Buffer | undefined> {
  try {
    const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const buf = Buffer.allocUnsafeSlow(size);
      const { bytesRead } = await fh.read(buf, 0, size, offset);
      return bytesRead === size ? buf : undefined;
    } finally {
      await fh.close();
    }
  } catch {
    return undefined; // gone, or not readable: fetch it instead
  }
}
