import { randomInt } from 'node:crypto';
import { ObjectNotFoundError, ObjectStore } from '@tandem/objectstore';
import { forEachLimited } from '../concurrency/weighted.semaphore';
import { throwIfAborted } from '../datamover.errors';
import { ManifestChunk } from '../manifest/manifest.model';
import { loadManifest } from '../manifest/recovery-points';
import { openRepository } from '../repository/repository';
import { chunkKey, RecoveryPointRef, resolveManifestKey } from '../repository/repository-layout';
import { ChunkIntegrityError, CryptoWorkerPool } from '../workers/crypto-worker.pool';

export interface VerifyOptions {
  readonly store: ObjectStore;
  readonly key: Uint8Array;
  readonly recoveryPoint: RecoveryPointRef;
  /** Share of the distinct chunks to read back, 0 < sample ≤ 1 (default 1: all), chosen at random. */
  readonly sample?: number;
  readonly concurrency?: number;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

export interface BadChunk {
  readonly chunkId: string;
  readonly key: string;
  readonly problem: 'missing' | 'corrupt';
  readonly detail: string;
  /** Files that contain the chunk (at most 20 listed). */
  readonly files: string[];
}

export interface VerifyResult {
  readonly recoveryPointId: string;
  readonly manifestKey: string;
  readonly ok: boolean;
  readonly chunksTotal: number;
  readonly chunksChecked: number;
  readonly bytesChecked: number;
  readonly bad: BadChunk[];
}

/**
 * Reads back all or a random share of a recovery point's chunks, decrypts them and checks their keyed hashes
 * and sizes. The manifest itself is always read and authenticated (a bad manifest throws). Reports every bad
 * chunk with the files it belongs to, rather than stopping at the first.
 */
export async function verifyRecoveryPoint(opts: VerifyOptions): Promise<VerifyResult> {
  const sample = opts.sample ?? 1;
  if (!(sample > 0 && sample <= 1)) throw new RangeError('sample must be in (0, 1]');
  const manifestKey = resolveManifestKey(opts.recoveryPoint);
  const repo = await openRepository(opts.store, opts.key);
  const manifest = await loadManifest(repo, manifestKey);
  const chunks = new Map<string, { ref: ManifestChunk; files: string[] }>();
  for (const entry of manifest.entries) {
    for (const ref of entry.chunks ?? []) {
      const key = chunkKey(ref.id, ref.gen);
      const known = chunks.get(key);
      if (known) {
        if (known.files.length < 20 && known.files[known.files.length - 1] !== entry.path) known.files.push(entry.path);
      } else {
        chunks.set(key, { ref, files: [entry.path] });
      }
    }
  }
  const all = [...chunks.entries()];
  const chosen = sample >= 1 ? all : pick(all, Math.max(1, Math.ceil(all.length * sample)));
  const bad: BadChunk[] = [];
  let bytesChecked = 0;
  const pool = new CryptoWorkerPool(repo.keys, opts.workers);
  try {
    await forEachLimited(chosen, opts.concurrency ?? 8, async ([key, { ref, files }]) => {
      throwIfAborted(opts.signal, 'verification');
      let blob: Uint8Array;
      try {
        blob = await repo.store.get(key);
      } catch (err) {
        if (err instanceof ObjectNotFoundError) return void bad.push({ chunkId: ref.id, key, problem: 'missing', detail: 'not in the store', files });
        throw err;
      }
      try {
        const data = await pool.open(ref.id, blob);
        if (data.length !== ref.size) {
          bad.push({ chunkId: ref.id, key, problem: 'corrupt', detail: `${data.length} bytes instead of ${ref.size}`, files });
        }
        bytesChecked += data.length;
      } catch (err) {
        if (!(err instanceof ChunkIntegrityError)) throw err;
        bad.push({ chunkId: ref.id, key, problem: 'corrupt', detail: err.message, files });
      }
    });
  } finally {
    await pool.close();
  }
  return {
    recoveryPointId: manifest.recoveryPointId,
    manifestKey,
    ok: bad.length === 0,
    chunksTotal: all.length,
    chunksChecked: chosen.length,
    bytesChecked,
    bad,
  };
}

/** A uniformly random subset of `n` items (partial Fisher–Yates). */
function pick<T>(items: T[], n: number): T[] {
  const copy = [...items];
  for (let i = 0; i < n && i < copy.length - 1; i++) {
    const j = randomInt(i, copy.length);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}
