import { join } from 'node:path';
import { ChunkerParams } from '../chunking/chunker-params';
import { WeightedSemaphore } from '../concurrency/weighted.semaphore';
import { throwIfAborted } from '../datamover.errors';
import { ManifestChunk, ManifestEntry } from '../manifest/manifest.model';
import { WalkedEntry } from '../source/volume.walker';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';
import { StatSnapshot } from '../workers/worker-protocol';
import { BackupStats } from './backup.types';
import { ChunkStore } from './chunk.store';
import { ProgressReporter } from './progress.reporter';

const MiB = 1024 * 1024;
/** A file is cut into chunks a part of about this size at a time, each part in one worker round trip. */
const PART = 4 * MiB;
/** Bookkeeping per part in flight, counted in the byte budget so that many tiny files stay bounded too. */
const PART_OVERHEAD = 16 * 1024;
/** A file whose ctime is this close to the end of its read could change again unnoticed (same timestamp tick). */
const RACY_NS = 50_000_000n;

export interface FileData {
  readonly chunks: ManifestChunk[];
  readonly change?: ManifestEntry['change'];
  readonly size: number;
}

export interface FileBackupOptions {
  readonly source: string;
  readonly chunker: ChunkerParams;
  readonly compressionLevel: number;
  readonly minSavings: number;
  readonly maxInFlightBytes: number;
  readonly signal?: AbortSignal;
}

/**
 * Backs up file contents. A file unchanged since the parent recovery point (size, mtime, ctime and inode equal,
 * and all its chunks still usable) keeps its chunk list without being read. Any other file is read, cut, hashed
 * and sealed in the workers, a part at a time: a file new since the parent is sealed while it is cut (its chunks
 * are almost all new); a changed one is only hashed first, and just its new chunks are read again and sealed,
 * so an edit in a large file costs about the edited chunks. `backupFile` does not wait for the chunks to be
 * stored (the byte budget bounds what is in flight), so the next file is read meanwhile; `finish` waits.
 */
export class FileBackup {
  readonly files = new Map<string, FileData>();
  private readonly budget: WeightedSemaphore;
  private readonly inflight = new Set<Promise<unknown>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly opts: FileBackupOptions,
    private readonly pool: CryptoWorkerPool,
    private readonly store: ChunkStore,
    private readonly parent: Map<string, ManifestEntry>,
    private readonly stats: BackupStats,
    private readonly reporter: ProgressReporter,
  ) {
    this.budget = new WeightedSemaphore(opts.maxInFlightBytes);
  }

  async backupFile(file: WalkedEntry): Promise<void> {
    this.check();
    const previous = this.parent.get(file.path);
    if (previous && unchanged(previous, file) && (previous.chunks ?? []).every((c) => this.store.usable(c))) {
      this.files.set(file.path, { chunks: [...(previous.chunks ?? [])], change: previous.change, size: file.size });
      this.stats.filesUnchanged++;
      this.reporter.add(file.size, 1);
      return;
    }
    this.stats.filesRead++;
    await this.readFile(file, previous === undefined);
  }

  /** Waits for everything in flight; throws the first failure. */
  async finish(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    if (this.failure) throw this.failure.error;
  }

  /** After a failure elsewhere: waits for what is in flight, ignoring its outcome. */
  async abandon(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async readFile(file: WalkedEntry, isNew: boolean): Promise<void> {
    const path = join(this.opts.source, file.path);
    const chunks: ManifestChunk[] = [];
    const stored: Promise<boolean>[] = [];
    let offset = 0;
    let after: StatSnapshot | undefined;
    for (;;) {
      this.check();
      const weight = Math.min(PART, Math.max(0, file.size - offset)) + PART_OVERHEAD;
      await this.budget.acquire(weight);
      let part: Awaited<ReturnType<CryptoWorkerPool['cut']>>;
      try {
        const { chunker: params, compressionLevel: level, minSavings } = this.opts;
        part = await this.pool.cut({ path, params, offset, span: PART, seal: isNew, level, minSavings });
      } catch (err) {
        this.budget.release(weight);
        throw err;
      }
      const partStored: Promise<boolean>[] = [];
      let sealedAt = 0;
      let chunkAt = offset;
      for (const c of part.chunks) {
        chunks.push({ id: c.id, size: c.size, ...(c.zero ? { zero: true as const } : {}) });
        if (c.sealed > 0) {
          partStored.push(this.store.ensureSealed(c.id, c.size, part.sealed.subarray(sealedAt, sealedAt + c.sealed)));
          sealedAt += c.sealed;
        } else {
          const at = chunkAt;
          const { compressionLevel: level, minSavings } = this.opts;
          partStored.push(this.store.ensureFrom(c.id, c.size, () => this.pool.sealRange({ path, offset: at, size: c.size, id: c.id, level, minSavings })));
        }
        chunkAt += c.size;
      }
      this.stats.bytesRead += part.next - offset;
      this.reporter.add(part.next - offset);
      const sealed = part.sealed;
      const partDone = Promise.all(partStored).then((ok) => {
        this.pool.recycle(sealed); // every chunk of it is in a pack (or was known): the buffer can be filled again
        return ok.every(Boolean);
      });
      stored.push(this.track(partDone.finally(() => this.budget.release(weight))));
      offset = part.next;
      if (part.eof) {
        after = part.after;
        break;
      }
    }
    const size = offset;
    this.track(
      Promise.all(stored).then(async (ok) => {
        // A chunk's bytes changed between hashing and sealing: read the whole file again, sealing as it is cut.
        if (!ok.every(Boolean)) return this.readFile(file, true);
        this.files.set(file.path, { chunks, change: this.changeKey(file, after), size });
        this.reporter.add(0, 1);
      }),
    );
  }

  /**
   * Change-detection data for the manifest: none when the file changed while it was read, or so recently that a
   * change in the same timestamp tick would go unnoticed (it is read again next time).
   */
  private changeKey(file: WalkedEntry, after: StatSnapshot | undefined): ManifestEntry['change'] {
    const stable =
      after !== undefined &&
      after.size === String(file.size) &&
      after.mtimeNs === String(file.mtimeNs) &&
      after.ctimeNs === String(file.ctimeNs) &&
      after.ino === String(file.ino);
    if (!stable) {
      this.stats.filesChangedDuringRead++;
      return undefined;
    }
    return BigInt(after.ctimeNs) < BigInt(Date.now()) * 1_000_000n - RACY_NS ? { ctimeNs: after.ctimeNs, ino: after.ino } : undefined;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    work.then(
      () => this.inflight.delete(work),
      (error: unknown) => {
        this.inflight.delete(work);
        this.failure ??= { error }; // stop reading: the backup has failed
      },
    );
    return work;
  }

  private check(): void {
    throwIfAborted(this.opts.signal, 'backup');
    if (this.failure) throw this.failure.error;
  }
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
