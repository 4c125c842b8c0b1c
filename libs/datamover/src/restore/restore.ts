import { constants } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ProgressReporter } from '../backup/progress.reporter';
import { forEachLimited, WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { DatamoverError, throwIfAborted } from '../datamover.errors';
import { assertSafeTree } from '../manifest/manifest-paths';
import { Manifest, ManifestEntry } from '../manifest/manifest.model';
import { loadManifest } from '../manifest/recovery-points';
import { openRepository, Repository } from '../repository/repository';
import { resolveManifestKey } from '../repository/repository-layout';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';
import { buildPathFor, recoverInterruptedSwap, swapIntoPlace, syncDirectory, syncFilesystem } from './atomic-swap';
import { RestoreChunkSource } from './chunk.source';
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
 * tree beside the target (`<target>.tandem-restore-<id>`), verifies every chunk and every file's size, then
 * swaps it into place. Any failure removes the partial tree and leaves the target exactly as it was.
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
  const counters = { chunksFetched: 0, bytesFetched: 0, chunksLocal: 0, chunksZero: 0 };
  const source = new RestoreChunkSource(repo, pool, new WeightedSemaphore(opts.concurrency ?? 8), counters);
  if (opts.previous) await addPreviousRestore(repo, opts.previous, opts.target, source, warnings);
  const ownership = opts.restoreOwnership ?? process.getuid?.() === 0;
  const fsync = opts.fsync ?? true;
  const budget = new WeightedSemaphore(opts.maxInFlightBytes ?? 32 * MiB);
  const files = manifest.entries.filter((e) => e.type === 'file');
  const reporter = new ProgressReporter(opts.onProgress, opts.progressIntervalMs);
  reporter.progress.filesTotal = files.length;
  reporter.progress.bytesTotal = files.reduce((n, f) => n + f.size, 0);
  let bytesWritten = 0;

  for (const entry of manifest.entries) {
    if (entry.type === 'dir' && entry.path !== '.') await mkdir(join(build, entry.path), { mode: 0o700 });
  }

  const restoreFile = async (entry: ManifestEntry): Promise<void> => {
    throwIfAborted(opts.signal, 'restore');
    const path = join(build, entry.path);
    const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      await fh.truncate(entry.size); // all-zero chunks stay holes
      let offset = 0;
      const writes: Promise<void>[] = [];
      for (const ref of entry.chunks ?? []) {
        const at = offset;
        offset += ref.size;
        await budget.acquire(ref.size);
        const write = (async () => {
          try {
            const data = await source.get(ref, entry.path);
            if (data !== 'zero') {
              // A short write is retried for the rest; a full disk then fails with ENOSPC.
              for (let done = 0; done < data.length; ) {
                const { bytesWritten: n } = await fh.write(data, done, data.length - done, at + done);
                if (n === 0) throw new Error(`no progress writing ${entry.path}`);
                done += n;
              }
              bytesWritten += data.length;
              source.addLocal(ref.id, path, at);
            }
          } finally {
            budget.release(ref.size);
            reporter.add(ref.size);
          }
        })();
        write.catch(() => undefined); // observed by Promise.all below; avoid an unhandled rejection meanwhile
        writes.push(write);
      }
      const results = await Promise.allSettled(writes);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const { size } = await fh.stat();
      if (size !== entry.size) throw new DatamoverError(`file ${entry.path} is ${size} bytes after restore, not ${entry.size}`, { code: 'size-mismatch' });
    } finally {
      await fh.close();
    }
    reporter.add(0, 1);
  };
  await forEachLimited(files, FILE_CONCURRENCY, restoreFile);

  for (const entry of manifest.entries) if (entry.type === 'symlink') await createSymlink(build, entry);
  for (const entry of manifest.entries) if (entry.type !== 'dir') await applyMetadata(build, entry, ownership);
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
  return { files: files.length, bytesWritten, ...counters };
}

/** Indexes the chunks of the files the target holds now, so unchanged data is copied locally. */
async function addPreviousRestore(
  repo: Repository,
  previous: NonNullable<RestoreOptions['previous']>,
  target: string,
  source: RestoreChunkSource,
  warnings: string[],
): Promise<void> {
  try {
    const manifest = await loadManifest(repo, previous);
    assertSafeTree(manifest);
    for (const entry of manifest.entries) {
      if (entry.type !== 'file') continue;
      let offset = 0;
      for (const ref of entry.chunks ?? []) {
        if (!ref.zero) source.addLocal(ref.id, join(target, entry.path), offset);
        offset += ref.size;
      }
    }
  } catch (err) {
    warnings.push(`the previous recovery point could not be used to reuse local data, so every chunk was fetched: ${(err as Error).message}`);
  }
}
