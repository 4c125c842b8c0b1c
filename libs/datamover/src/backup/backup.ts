import { randomBytes } from 'node:crypto';
import { forEachLimited } from '../concurrency/weighted.semaphore';
import { throwIfAborted } from '../datamover.errors';
import { BackupLease } from '../gc/backup.lease';
import { loadTombstoneLists, TombstoneSet } from '../gc/tombstones';
import { packRecords } from '../chunk-index/index-segment.codec';
import { IndexSegmentWriter } from '../chunk-index/index-segment.writer';
import { Manifest, MANIFEST_FORMAT_VERSION, ManifestEntry } from '../manifest/manifest.model';
import { latestManifestKey, loadManifest, saveManifest } from '../manifest/recovery-points';
import { initRepository, Repository } from '../repository/repository';
import { assertVolumeName, newRecoveryPointId, resolveManifestKey } from '../repository/repository-layout';
import { walkVolume, WalkedEntry } from '../source/volume.walker';
import { defaultPackSize, PackWriter } from '../pack/pack.writer';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';
import { openBackupIndex } from './backup-index';
import { BackupOptions, BackupResult, BackupStats } from './backup.types';
import { ChunkStore } from './chunk.store';
import { FileBackup, FileData } from './file-backup';
import { ProgressReporter } from './progress.reporter';

const MiB = 1024 * 1024;
/** Keep the zstd form of a chunk only if it is at least 5 % smaller. */
const MIN_SAVINGS = 0.05;

/**
 * Backs up a volume into a new recovery point. Creates the repository on first use. Reads only files that
 * changed since the parent recovery point, stores only chunks the repository index lacks (in pack files), writes
 * index segments for its packs, and the manifest last: if this fails or is aborted or killed, no recovery point
 * appears, and a later run finds the packs already written. See the lib's README for the pipeline.
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
  // The workers start (loading their code takes a moment) while the index, the parent and the volume are read.
  const pool = new CryptoWorkerPool(repo.keys, opts.workers);
  const prelude = Promise.all([openBackupIndex(repo, tombstones, warnings), resolveParent(repo, opts, volume, warnings), walkVolume(opts.source)]);
  const [{ index, adopted }, { parentKey, parent }, walk] = await prelude.catch(async (err: unknown) => {
    await pool.close();
    throw err;
  });
  if (opts.signal?.aborted) await pool.close();
  throwIfAborted(opts.signal, 'backup');

  const stats: BackupStats = {
    files: 0, dirs: 0, symlinks: 0, bytesTotal: 0, filesRead: 0, bytesRead: 0, bytesNew: 0, chunksNew: 0,
    chunksReused: 0, filesUnchanged: 0, filesChangedDuringRead: 0, packsNew: 0, packsAdopted: adopted.length,
    bytesUploaded: 0, skipped: walk.skipped, durationMs: 0,
  };
  const files = walk.entries.filter((e) => e.type === 'file');
  const reporter = new ProgressReporter(opts.onProgress, opts.progressIntervalMs);
  reporter.progress.filesTotal = files.length;
  reporter.progress.bytesTotal = files.reduce((n, f) => n + f.size, 0);

  const compressionLevel = opts.compressionLevel ?? 3;
  const segments = new IndexSegmentWriter(repo.store, repo.keys.dataKey);
  for (const pack of adopted) segments.add(pack);
  const packs = new PackWriter(
    repo.store,
    repo.keys.dataKey,
    { targetSize: opts.packSize ?? defaultPackSize(reporter.progress.bytesTotal), concurrency: opts.uploadConcurrency ?? 2 },
    (pack) => segments.add({ id: pack.id, records: packRecords(pack.entries) }),
  );
  const chunkStore = new ChunkStore(index, packs, stats);
  const parentFiles = new Map<string, ManifestEntry>();
  for (const e of parent?.entries ?? []) if (e.type === 'file') parentFiles.set(e.path, e);
  const fileBackup = new FileBackup(
    {
      source: opts.source,
      chunker: repo.config.chunker,
      compressionLevel,
      minSavings: MIN_SAVINGS,
      maxInFlightBytes: opts.maxInFlightBytes ?? 32 * MiB,
      signal: opts.signal,
    },
    pool,
    chunkStore,
    parentFiles,
    stats,
    reporter,
  );

  try {
    await forEachLimited(files, opts.readConcurrency ?? 4, (file) => fileBackup.backupFile(file));
    await fileBackup.finish();
    await packs.finish();
    await segments.flush(); // the index lists every pack before a manifest can reference its chunks
  } catch (err) {
    await fileBackup.abandon();
    await packs.abandon();
    throw err;
  } finally {
    await pool.close();
  }
  stats.packsNew = packs.stats.packs;
  stats.bytesUploaded = packs.stats.bytes + segments.stats.bytes;

  const recoveryPointId = newRecoveryPointId(new Date(), randomBytes(4));
  const entries = buildEntries(walk.entries, fileBackup.files, stats);
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
  const saved = await saveManifest(repo, manifest);
  stats.bytesUploaded += saved.bytes;
  const manifestKey = saved.key;
  reporter.finish();
  stats.durationMs = Date.now() - started;
  return { recoveryPointId, manifestKey, ...(parentKey ? { parent: parentKey } : {}), stats, warnings };
}

function buildEntries(
  walked: readonly WalkedEntry[],
  fileData: Map<string, FileData>,
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
