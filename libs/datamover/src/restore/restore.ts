import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ProgressReporter } from '../backup/progress.reporter';
import { forEachLimited, WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { BadChunkError, DatamoverError, throwIfAborted } from '../datamover.errors';
import { openReaderIndex } from '../chunk-index/reader-index';
import { assertSafeTree } from '../manifest/manifest-paths';
import { Manifest, ManifestEntry } from '../manifest/manifest.model';
import { loadManifest } from '../manifest/recovery-points';
import { openRepository, Repository } from '../repository/repository';
import { resolveManifestKey } from '../repository/repository-layout';
import { fetchFromPacks } from '../pack/pack-chunk.fetcher';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';
import { buildPathFor, recoverInterruptedSwap, swapIntoPlace, syncDirectory, syncFilesystem } from './atomic-swap';
import { ChunkWriter } from './chunk.writer';
import { PackWrites } from './pack-writes';
import { reuseLocalChunks } from './local-chunks';
import { planRestore } from './restore-plan';
import { RestoreOptions, RestoreResult } from './restore.types';
import { applyMetadata, createSymlink } from './tree-metadata';

const MiB = 1024 * 1024;
/** Files written at once; their chunks share the byte budget. */
const FILE_CONCURRENCY = 16;

async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** A restore failed for a reason outside the data (disk full, permissions…); the target was left as it was. */
export class RestoreFailedError extends DatamoverError {
  constructor(manifestKey: string, target: string, cause: unknown) {
    super(
      `restoring ${manifestKey} into ${target} failed, and ${target} was left as it was: ${messageOf(cause)}`,
      { code: (cause as NodeJS.ErrnoException)?.code === 'ENOSPC' ? 'no-space' : 'restore-failed', cause },
    );
  }
}

function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(err);
}

/**
 * Restores a recovery point into `target`: checks the whole manifest first (paths, links, sizes), builds the
 * tree beside the target (`<target>.tandem-restore-<id>`), reads each distinct chunk once — from the previous
 * restore if it is still intact there, else from its pack, in few ranged reads per pack — verifies it and writes
 * it wherever the manifest puts it, then swaps the tree into place. Any failure removes the partial tree and
 * leaves the target exactly as it was.
 */
export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const manifestKey = resolveManifestKey(opts.recoveryPoint);
  throwIfAborted(opts.signal, 'restore');
  const repo = await openRepository(opts.store, opts.key);
  const manifest = await loadManifest(repo, manifestKey);
  assertSafeTree(manifest);
  const warnings: string[] = [];
  await stat(dirname(opts.target)); // the parent must exist; fail before building anything
  await recoverInterruptedSwap(opts.target);
  const build = buildPathFor(opts.target, manifest.recoveryPointId);
  await mkdir(build, { mode: 0o700 });
  const pool = new CryptoWorkerPool(repo.keys, opts.workers);
  try {
    const stats = await buildTree(repo, manifest, build, pool, opts, warnings);
    throwIfAborted(opts.signal, 'restore');
    await swapIntoPlace(build, opts.target, manifest.recoveryPointId);
    return { recoveryPointId: manifest.recoveryPointId, manifestKey, stats: { ...stats, durationMs: Date.now() - started }, warnings };
  } catch (err) {
    await rm(build, { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof DatamoverError) throw err;
    throw new RestoreFailedError(manifestKey, opts.target, err);
  } finally {
    await pool.close();
  }
}

async function buildTree(
  repo: Repository,
  manifest: Manifest,
  build: string,
  pool: CryptoWorkerPool,
  opts: RestoreOptions,
  warnings: string[],
): Promise<Omit<RestoreResult['stats'], 'durationMs'>> {
  const ownership = opts.restoreOwnership ?? process.getuid?.() === 0;
  const fsync = opts.fsync ?? true;
  const budget = new WeightedSemaphore(opts.maxInFlightBytes ?? 32 * MiB);
  const files = manifest.entries.filter((e) => e.type === 'file');
  const plan = planRestore(files, repo.keys.idKey);
  const reporter = new ProgressReporter(opts.onProgress, opts.progressIntervalMs);
  reporter.progress.filesTotal = files.length;
  reporter.progress.bytesTotal = files.reduce((n, f) => n + f.size, 0);

  for (const entry of manifest.entries) {
    if (entry.type === 'dir' && entry.path !== '.') await mkdir(join(build, entry.path), { mode: 0o700 });
  }
  // Files are created by their first write (see ChunkWriter); those without a chunk to write are created here.
  const writer = new ChunkWriter(build, files, plan, reporter, ownership);
  reporter.add(plan.zeroBytes);
  const empty = files.map((_, n) => n).filter((n) => plan.remaining[n] === 0);
  await forEachLimited(empty, FILE_CONCURRENCY, (n) => writer.createEmpty(n));

  const chunksLocal = opts.previous
    ? await reuseLocalChunks(repo, opts.previous, opts.target, plan.needs, { pool, writer, budget, signal: opts.signal }, warnings)
    : 0;
  const index = await openReaderIndex(repo, plan.needs.keys());
  const packWrites = new PackWrites(build, files, plan, writer.sized, pool, reporter, ownership);
  const fetched = await fetchFromPacks(
    plan.needs,
    { store: repo.store, index, concurrency: opts.concurrency ?? 4, budget, signal: opts.signal, what: 'restore' },
    {
      process: (blob, chunks) => packWrites.process(blob, chunks),
      onBad: (id, problem, detail, need) => {
        throw new BadChunkError(id, problem, writer.firstFile(need), detail);
      },
    },
  );
  const unwritten = files.findIndex((_, n) => plan.remaining[n] !== 0);
  if (unwritten >= 0) throw new DatamoverError(`internal error: file ${files[unwritten]?.path} was not completely written`, { code: 'restore-incomplete' });

  for (const entry of manifest.entries) {
    if (entry.type !== 'symlink') continue;
    await createSymlink(build, entry);
    await applyMetadata(build, entry, ownership);
  }
  // Directories last and deepest first: creating their children changed their mtimes.
  for (let i = manifest.entries.length - 1; i >= 0; i--) {
    const entry = manifest.entries[i] as ManifestEntry;
    if (entry.type === 'dir') await applyMetadata(build, entry, ownership);
  }
  if (fsync && !(await syncFilesystem(build))) {
    await forEachLimited(manifest.entries, FILE_CONCURRENCY, async (e) => {
      if (e.type === 'file') await syncFile(join(build, e.path));
    });
    await syncDirectory(build);
  }
  reporter.finish();
  return { files: files.length, bytesWritten: writer.bytesWritten + packWrites.bytesWritten, ...fetched, chunksLocal, chunksZero: plan.zeroChunks };
}
