import { randomBytes } from 'node:crypto';
import { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachLimited, WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { throwIfAborted } from '../datamover.errors';
import { BackupLease } from '../gc/backup.lease';
import { loadTombstoneLists, TombstoneSet } from '../gc/tombstones';
import { Manifest, MANIFEST_FORMAT_VERSION, ManifestChunk, ManifestEntry } from '../manifest/manifest.model';
import { latestManifestKey, loadManifest, saveManifest } from '../manifest/recovery-points';
import { initRepository, Repository } from '../repository/repository';
import { assertVolumeName, newRecoveryPointId, resolveManifestKey } from '../repository/repository-layout';
import { walkVolume, WalkedEntry } from '../source/volume.walker';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';
import { BackupOptions, BackupResult, BackupStats } from './backup.types';
import { ChunkUploader } from './chunk.uploader';
import { readFileChunks } from './file-chunk.reader';
import { ProgressReporter } from './progress.reporter';

const MiB = 1024 * 1024;
/** A file whose ctime is this close to the end of its read could change again unnoticed (same timestamp tick). */
const RACY_NS = 50_000_000n;
/** Bookkeeping per chunk in flight, counted in the byte budget so that many tiny files stay bounded too. */
const CHUNK_OVERHEAD = 16 * 1024;
/** Keep the zstd form of a chunk only if it is at least 5 % smaller. */
const MIN_SAVINGS = 0.05;

/**
 * Backs up a volume into a new recovery point. Creates the repository on first use. Reads only files that
 * changed since the parent recovery point, uploads only chunks the store lacks, and writes the manifest last:
 * if this fails or is aborted or killed, no recovery point appears, and a later run finds the chunks already
 * uploaded. See the lib's README for the pipeline.
 */
export async function backup(opts: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const volume = assertVolumeName(opts.volume);
  throwIfAborted(opts.signal, 'backup');
  const repo = await initRepository(opts.store, opts.key, { chunker: opts.chunker });
  const lease = await BackupLease.acquire(opts.store, volume, opts.leaseTtlMs);
  try {
    // After the lease is visible: a garbage collector's lists written from now on will wait for this backup.
    const tombstones = new TombstoneSet(await loadTombstoneLists(opts.store));
    return await runBackup(repo, opts, volume, tombstones, lease, started);
  } finally {
    await lease.release().catch(() => undefined);
  }
}

async function runBackup(
  repo: Repository,
  opts: BackupOptions,
  volume: string,
  tombstones: TombstoneSet,
  lease: BackupLease,
  started: number,
): Promise<BackupResult> {
  const warnings: string[] = [];
  const { parentKey, parent } = await resolveParent(repo, opts, volume, warnings);
  const walk = await walkVolume(opts.source);
  throwIfAborted(opts.signal, 'backup');

  const stats: BackupStats = {
    files: 0, dirs: 0, symlinks: 0, bytesTotal: 0, filesRead: 0, bytesRead: 0, bytesNew: 0, chunksNew: 0,
    chunksReused: 0, filesUnchanged: 0, filesChangedDuringRead: 0, skipped: walk.skipped, durationMs: 0,
  };
  const files = walk.entries.filter((e) => e.type === 'file');
  const reporter = new ProgressReporter(opts.onProgress, opts.progressIntervalMs);
  reporter.progress.filesTotal = files.length;
  reporter.progress.bytesTotal = files.reduce((n, f) => n + f.size, 0);

  const pool = new CryptoWorkerPool(repo.keys, opts.workers);
  const compressionLevel = opts.compressionLevel ?? 3;
  const uploader = new ChunkUploader(
    repo.store,
    pool,
    tombstones,
    { concurrency: opts.uploadConcurrency ?? 8, compressionLevel, minSavings: MIN_SAVINGS },
    stats,
  );
  const parentIndex = new Map<string, ManifestEntry>();
  for (const e of parent?.entries ?? []) {
    if (e.type !== 'file') continue;
    parentIndex.set(e.path, e);
    for (const c of e.chunks ?? []) uploader.remember(c);
  }

  const budget = new WeightedSemaphore(opts.maxInFlightBytes ?? 32 * MiB);
  const inflight = new Set<Promise<unknown>>();
  let failure: { error: unknown } | undefined;
  const track = <T>(work: Promise<T>): Promise<T> => {
    inflight.add(work);
    work.then(
      () => inflight.delete(work),
      (error: unknown) => {
        inflight.delete(work);
        failure ??= { error }; // stop reading: the backup has failed
      },
    );
    return work;
  };
  const check = (): void => {
    throwIfAborted(opts.signal, 'backup');
    if (failure) throw failure.error;
  };
  const fileData = new Map<string, { chunks: ManifestChunk[]; change?: ManifestEntry['change']; size: number }>();

  const storeChunk = async (chunk: Buffer, weight: number): Promise<ManifestChunk> => {
    const size = chunk.length;
    try {
      const { id, zero, data } = await pool.hash(chunk);
      const gen = await uploader.ensure(id, data);
      return { id, size, ...(zero ? { zero: true as const } : {}), ...(gen ? { gen } : {}) };
    } finally {
      budget.release(weight);
      reporter.add(size);
    }
  };

  // Change-detection data for the manifest: none when the file changed while it was read, or so recently that
  // a change in the same timestamp tick would go unnoticed (it is read again next time).
  const changeKey = (file: WalkedEntry, after: { size: bigint; mtimeNs: bigint; ctimeNs: bigint; ino: bigint }): ManifestEntry['change'] => {
    const stable = after.size === BigInt(file.size) && after.mtimeNs === file.mtimeNs && after.ctimeNs === file.ctimeNs && after.ino === file.ino;
    if (!stable) {
      stats.filesChangedDuringRead++;
      return undefined;
    }
    return after.ctimeNs < BigInt(Date.now()) * 1_000_000n - RACY_NS ? { ctimeNs: String(file.ctimeNs), ino: String(file.ino) } : undefined;
  };

  // A small file is one chunk: a worker reads, hashes and seals it in one round trip.
  const backupSmallFile = async (file: WalkedEntry): Promise<void> => {
    const weight = file.size + CHUNK_OVERHEAD;
    await budget.acquire(weight);
    track(
      (async () => {
        try {
          const got = await pool.ingest(join(opts.source, file.path), compressionLevel, MIN_SAVINGS);
          stats.filesRead++;
          stats.bytesRead += got.size;
          const change = changeKey(file, {
            size: BigInt(got.after.size), mtimeNs: BigInt(got.after.mtimeNs), ctimeNs: BigInt(got.after.ctimeNs), ino: BigInt(got.after.ino),
          });
          let chunks: ManifestChunk[] = [];
          if (got.size > 0) {
            const gen = await uploader.ensureSealed(got.id, got.blob);
            chunks = [{ id: got.id, size: got.size, ...(got.zero ? { zero: true as const } : {}), ...(gen ? { gen } : {}) }];
          }
          fileData.set(file.path, { chunks, change, size: got.size });
          reporter.add(got.size, 1);
        } finally {
          budget.release(weight);
        }
      })(),
    );
  };

  // Reads a file and hands its chunks on; it does not wait for their upload (the budget bounds what is in
  // flight), so the next file is read while this one's chunks are hashed, sealed and uploaded.
  const backupFile = async (file: WalkedEntry): Promise<void> => {
    check();
    const previous = parentIndex.get(file.path);
    if (previous && unchanged(previous, file) && (previous.chunks ?? []).every((c) => uploader.usable(c))) {
      fileData.set(file.path, { chunks: [...(previous.chunks ?? [])], change: previous.change, size: file.size });
      stats.filesUnchanged++;
      reporter.add(file.size, 1);
      return;
    }
    if (file.size <= repo.config.chunker.minSize) return backupSmallFile(file);
    const pending: Promise<ManifestChunk>[] = [];
    let change: ManifestEntry['change'];
    let size = 0;
    const afterRead = async (fh: FileHandle): Promise<void> => {
      change = changeKey(file, await fh.stat({ bigint: true }));
    };
    for await (const chunk of readFileChunks(join(opts.source, file.path), repo.config.chunker, file.size, stats, afterRead)) {
      check();
      size += chunk.length;
      const weight = chunk.length + CHUNK_OVERHEAD;
      await budget.acquire(weight);
      pending.push(track(storeChunk(chunk, weight)));
    }
    track(
      Promise.all(pending).then((chunks) => {
        fileData.set(file.path, { chunks, change, size });
        reporter.add(0, 1);
      }),
    );
  };

  try {
    await forEachLimited(files, opts.readConcurrency ?? 4, backupFile);
    while (inflight.size > 0) await Promise.all([...inflight]);
  } finally {
    await Promise.allSettled([...inflight]);
    await pool.close();
  }

  const recoveryPointId = newRecoveryPointId(new Date(), randomBytes(4));
  const entries = buildEntries(walk.entries, fileData, stats);
  const manifest: Manifest = {
    format: 'tandem-manifest',
    version: MANIFEST_FORMAT_VERSION,
    repositoryId: repo.config.repositoryId,
    volume,
    recoveryPointId,
    ...(parentKey ? { parent: parentKey } : {}),
    createdAt: new Date().toISOString(),
    chunker: repo.config.chunker,
    entries,
    totals: { files: stats.files, dirs: stats.dirs, symlinks: stats.symlinks, bytes: stats.bytesTotal, chunks: entries.reduce((n, e) => n + (e.chunks?.length ?? 0), 0) },
  };
  throwIfAborted(opts.signal, 'backup');
  lease.assertFresh();
  const manifestKey = await saveManifest(repo, manifest);
  reporter.finish();
  stats.durationMs = Date.now() - started;
  return { recoveryPointId, manifestKey, ...(parentKey ? { parent: parentKey } : {}), stats, warnings };
}

function unchanged(previous: ManifestEntry, now: WalkedEntry): boolean {
  return (
    previous.change !== undefined &&
    previous.size === now.size &&
    previous.mtimeNs === String(now.mtimeNs) &&
    previous.change.ctimeNs === String(now.ctimeNs) &&
    previous.change.ino === String(now.ino)
  );
}

function buildEntries(
  walked: readonly WalkedEntry[],
  fileData: Map<string, { chunks: ManifestChunk[]; change?: ManifestEntry['change']; size: number }>,
  stats: BackupStats,
): ManifestEntry[] {
  return walked.map((w) => {
    const base = { path: w.path, type: w.type, mode: w.mode, uid: w.uid, gid: w.gid, mtimeNs: String(w.mtimeNs) };
    if (w.type === 'dir') {
      if (w.path !== '.') stats.dirs++;
      return { ...base, size: 0 };
    }
    if (w.type === 'symlink') {
      stats.symlinks++;
      return { ...base, size: Buffer.byteLength(w.target ?? ''), target: w.target ?? '' };
    }
    const data = fileData.get(w.path);
    if (!data) throw new Error(`internal error: no chunk list for ${w.path}`);
    stats.files++;
    stats.bytesTotal += data.size;
    return { ...base, size: data.size, chunks: data.chunks, ...(data.change ? { change: data.change } : {}) };
  });
}

async function resolveParent(
  repo: Repository,
  opts: BackupOptions,
  volume: string,
  warnings: string[],
): Promise<{ parentKey?: string; parent?: Manifest }> {
  const ref = opts.parent ?? 'latest';
  if (ref === 'none') return {};
  const parentKey = ref === 'latest' ? await latestManifestKey(repo.store, volume) : resolveManifestKey(ref);
  if (!parentKey) return {};
  try {
    return { parentKey, parent: await loadManifest(repo, parentKey) };
  } catch (err) {
    warnings.push(`the parent recovery point ${parentKey} could not be read, so every file was read: ${(err as Error).message}`);
    return {};
  }
}
