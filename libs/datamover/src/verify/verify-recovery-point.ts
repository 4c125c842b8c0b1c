import { randomInt } from 'node:crypto';
import { ObjectStore } from '@tandem/objectstore';
import { WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { openReaderIndex } from '../chunk-index/reader-index';
import { loadManifest } from '../manifest/recovery-points';
import { fetchFromPacks } from '../pack/pack-chunk.fetcher';
import { openRepository } from '../repository/repository';
import { packKey, RecoveryPointRef, resolveManifestKey } from '../repository/repository-layout';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';

export interface VerifyOptions {
  readonly store: ObjectStore;
  readonly key: Uint8Array;
  readonly recoveryPoint: RecoveryPointRef;
  /** Share of the distinct chunks to read back, 0 < sample ≤ 1 (default 1: all), chosen at random. */
  readonly sample?: number;
  /** Ranged reads of packs in flight, default 4. */
  readonly concurrency?: number;
  readonly workers?: number;
  readonly signal?: AbortSignal;
}

export interface BadChunk {
  readonly chunkId: string;
  /** The pack the index puts the chunk in, or `index` when no pack holds it. */
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

const MiB = 1024 * 1024;

/**
 * Reads back all or a random share of a recovery point's chunks from their packs, decrypts them and checks
 * their keyed hashes and sizes. The manifest itself is always read and authenticated (a bad manifest throws).
 * Reports every bad chunk with the files it belongs to, rather than stopping at the first.
 */
export async function verifyRecoveryPoint(opts: VerifyOptions): Promise<VerifyResult> {
  const sample = opts.sample ?? 1;
  if (!(sample > 0 && sample <= 1)) throw new RangeError('sample must be in (0, 1]');
  const manifestKey = resolveManifestKey(opts.recoveryPoint);
  const repo = await openRepository(opts.store, opts.key);
  const manifest = await loadManifest(repo, manifestKey);
  const chunks = new Map<string, { size: number; files: string[] }>();
  for (const entry of manifest.entries) {
    for (const ref of entry.chunks ?? []) {
      const known = chunks.get(ref.id);
      if (known) {
        if (known.files.length < 20 && known.files[known.files.length - 1] !== entry.path) known.files.push(entry.path);
      } else {
        chunks.set(ref.id, { size: ref.size, files: [entry.path] });
      }
    }
  }
  const all = [...chunks.entries()];
  const chosen = new Map(sample >= 1 ? all : pick(all, Math.max(1, Math.ceil(all.length * sample))));
  const index = await openReaderIndex(repo, chosen.keys());
  const bad: BadChunk[] = [];
  let bytesChecked = 0;
  const pool = new CryptoWorkerPool(repo.keys, opts.workers);
  try {
    await fetchFromPacks(
      chosen,
      { store: repo.store, index, concurrency: opts.concurrency ?? 4, budget: new WeightedSemaphore(32 * MiB), signal: opts.signal, what: 'verification' },
      {
        process: async (blob, chunks) => {
          const { problems } = await pool.openBatch(blob, chunks.map(({ id, offset, length, size }) => ({ id, offset, length, size })), false);
          chunks.forEach((c, i) => {
            if (problems[i] === null) bytesChecked += c.size;
          });
          return problems;
        },
        onBad: (chunkId, problem, detail, { files }) => {
          const at = index.get(chunkId);
          bad.push({ chunkId, key: at ? packKey(at.pack) : 'index', problem, detail, files });
        },
      },
    );
  } finally {
    await pool.close();
  }
  return {
    recoveryPointId: manifest.recoveryPointId,
    manifestKey,
    ok: bad.length === 0,
    chunksTotal: all.length,
    chunksChecked: chosen.size,
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
