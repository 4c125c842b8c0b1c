import { constants } from 'node:fs';
import { FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { ProgressReporter } from '../backup/progress.reporter';
import { ManifestEntry } from '../manifest/manifest.model';
import { ChunkNeed, RestorePlan } from './restore-plan';
import { nsToSeconds } from './tree-metadata';

/** A chunk's plaintext and where the plan puts it. */
export interface ChunkToWrite {
  readonly need: ChunkNeed;
  readonly data: Buffer;
}

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW;

/**
 * Writes chunks into the tree being built from the main thread: the chunks taken from the previous restore, and
 * the files that have no chunk to write (empty or all zeros). A file is created by its first write and sized
 * then if it has holes; the write that completes a file also gives it its owner, mode and mtime, through the
 * same handle. The build directory is new and private, and every path was checked, so files are opened without
 * O_EXCL (the workers may create a file too) but never through a symlink (O_NOFOLLOW). Chunks from packs are
 * written by the workers (PackWrites).
 */
export class ChunkWriter {
  bytesWritten = 0;
  /** Per file, 1 once a write created (and if need be sized) it. */
  readonly sized: Uint8Array;

  constructor(
    private readonly build: string,
    private readonly files: readonly ManifestEntry[],
    private readonly plan: RestorePlan,
    private readonly reporter: ProgressReporter,
    private readonly ownership: boolean,
  ) {
    this.sized = new Uint8Array(files.length);
  }

  /** Writes the chunks of one read; rejects with the first failure after all writes settled. */
  async write(chunks: readonly ChunkToWrite[]): Promise<void> {
    const byFile = new Map<number, { offset: number; data: Buffer }[]>();
    for (const { need, data } of chunks) {
      for (let i = 0; i < need.targets.length; i += 2) {
        const file = need.targets[i] as number;
        const list = byFile.get(file) ?? [];
        list.push({ offset: need.targets[i + 1] as number, data });
        byFile.set(file, list);
      }
    }
    const results = await Promise.allSettled([...byFile].map(([file, writes]) => this.writeFile(file, writes)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Creates a file that has no chunk to write (empty, or all zeros) at its size, with its metadata. */
  async createEmpty(file: number): Promise<void> {
    await this.writeFile(file, []);
  }

  /** The first file a chunk belongs to, to name it in errors. */
  firstFile(need: ChunkNeed): string {
    return (this.files[need.targets[0] as number] as ManifestEntry).path;
  }

  private async writeFile(file: number, writes: readonly { offset: number; data: Buffer }[]): Promise<void> {
    const entry = this.files[file] as ManifestEntry;
    const first = this.sized[file] === 0;
    this.sized[file] = 1;
    const fh = await open(join(this.build, entry.path), CREATE, 0o600);
    try {
      // A file with holes is sized first (else its writes give it its size). Sizing again after another write
      // already did is harmless: the size is the same, the data stays.
      if (first && entry.size > 0 && this.plan.holes[file] === 1) await fh.truncate(entry.size);
      for (const w of writes) await writeAll(fh, w.data, w.offset, entry.path);
      const left = (this.plan.remaining[file] as number) - writes.length;
      this.plan.remaining[file] = left;
      if (left === 0) await this.finishFile(fh, entry);
      const bytes = writes.reduce((n, w) => n + w.data.length, 0);
      this.bytesWritten += bytes;
      this.reporter.add(bytes, left === 0 ? 1 : 0);
    } finally {
      await fh.close();
    }
  }

  /** Owner, then mode (chown clears set-id bits), then mtime: last, after the file's last write. */
  private async finishFile(fh: FileHandle, entry: ManifestEntry): Promise<void> {
    if (this.ownership) await fh.chown(entry.uid, entry.gid);
    await fh.chmod(entry.mode);
    const time = nsToSeconds(entry.mtimeNs);
    await fh.utimes(time, time);
  }
}

/** A short write is retried for the rest; a full disk then fails with ENOSPC. */
async function writeAll(fh: FileHandle, data: Buffer, offset: number, path: string): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await fh.write(data, done, data.length - done, offset + done);
    if (bytesWritten === 0) throw new Error(`no progress writing ${path}`);
    done += bytesWritten;
  }
}
