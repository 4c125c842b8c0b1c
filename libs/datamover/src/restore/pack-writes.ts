import { join } from 'node:path';
import { ProgressReporter } from '../backup/progress.reporter';
import { ManifestEntry } from '../manifest/manifest.model';
import { WantedChunk } from '../pack/range-groups';
import { CryptoWorkerPool } from '../workers/crypto-worker.pool';
import { FileFinish, FileWrites } from '../workers/worker-protocol';
import { ChunkNeed, RestorePlan } from './restore-plan';
import { nsToSeconds } from './tree-metadata';

/**
 * The restore's writes from packs, done by the workers (see restore-writes.ts): for each read, which file gets
 * which chunk where, whether the file must be sized first (it has holes), and whether this read completes it,
 * so the worker gives it its metadata through the same open file. A file whose last chunks were in flight in
 * several reads at once is finished once the last of them is done, with one more small task.
 */
export class PackWrites {
  bytesWritten = 0;
  /** Chunk occurrences per file not yet handed to a worker. */
  private readonly unsent: Int32Array;
  /** Reads in flight that write into each file. */
  private readonly inflight: Int32Array;
  private readonly finished: Uint8Array;

  constructor(
    private readonly build: string,
    private readonly files: readonly ManifestEntry[],
    private readonly plan: RestorePlan,
    /** Files already created (and sized) by the main thread, e.g. from the previous restore's data. */
    private readonly sized: Uint8Array,
    private readonly pool: CryptoWorkerPool,
    private readonly reporter: ProgressReporter,
    private readonly ownership: boolean,
  ) {
    this.unsent = Int32Array.from(plan.remaining);
    this.inflight = new Int32Array(files.length);
    this.finished = Uint8Array.from(plan.remaining, (n) => (n === 0 ? 1 : 0));
  }

  /** Opens the chunks of one read in a worker and writes them where the plan puts them. */
  async process(blob: Uint8Array, chunks: readonly WantedChunk<ChunkNeed>[]): Promise<readonly (string | null)[]> {
    const byFile = new Map<number, [number, number][]>();
    chunks.forEach((c, i) => {
      for (let t = 0; t < c.item.targets.length; t += 2) {
        const file = c.item.targets[t] as number;
        const writes = byFile.get(file) ?? [];
        writes.push([i, c.item.targets[t + 1] as number]);
        byFile.set(file, writes);
      }
    });
    const ops: FileWrites[] = [];
    for (const [file, writes] of byFile) {
      const entry = this.files[file] as ManifestEntry;
      this.unsent[file] = (this.unsent[file] as number) - writes.length;
      this.inflight[file] = (this.inflight[file] as number) + 1;
      const size = this.sized[file] === 0 && this.plan.holes[file] === 1 ? entry.size : undefined;
      this.sized[file] = 1;
      const last = this.unsent[file] === 0 && this.inflight[file] === 1;
      if (last) this.finished[file] = 1;
      ops.push({ path: this.pathOf(entry), writes, ...(size !== undefined ? { size } : {}), ...(last ? { finish: this.finishOf(entry) } : {}) });
    }
    let problems: readonly (string | null)[];
    try {
      problems = await this.pool.restoreBatch(blob, chunks.map(({ id, offset, length, size }) => ({ id, offset, length, size })), ops);
    } finally {
      for (const file of byFile.keys()) this.inflight[file] = (this.inflight[file] as number) - 1;
    }
    const toFinish: FileFinish[] = [];
    for (const [file, all] of byFile) {
      const entry = this.files[file] as ManifestEntry;
      const writes = all.filter(([i]) => problems[i] === null);
      if (writes.length < all.length) {
        // A bad chunk was not written (nor the file finished): it goes out again with the chunk's other copy.
        this.unsent[file] = (this.unsent[file] as number) + all.length - writes.length;
        this.finished[file] = 0;
      }
      const bytes = writes.reduce((n, [i]) => n + (chunks[i] as WantedChunk<ChunkNeed>).size, 0);
      this.bytesWritten += bytes;
      this.plan.remaining[file] = (this.plan.remaining[file] as number) - writes.length;
      const done = this.plan.remaining[file] === 0;
      if (done && this.finished[file] === 0 && this.inflight[file] === 0) {
        this.finished[file] = 1;
        toFinish.push(this.finishOf(entry));
      }
      this.reporter.add(bytes, done ? 1 : 0);
    }
    if (toFinish.length > 0) await this.pool.finishFiles(toFinish);
    return problems;
  }

  private pathOf(entry: ManifestEntry): string {
    return join(this.build, entry.path);
  }

  private finishOf(entry: ManifestEntry): FileFinish {
    return { path: this.pathOf(entry), chown: this.ownership, uid: entry.uid, gid: entry.gid, mode: entry.mode, mtime: nsToSeconds(entry.mtimeNs) };
  }
}
