/** How far a backup or restore is. Bytes are file content bytes; totals are known after the walk. */
export interface Progress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

/** Calls `onProgress` at most every `intervalMs` (default 250 ms: ≤ 4 per second), plus once at the end. */
export class ProgressReporter {
  readonly progress: Progress = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0 };
  private last = 0;

  constructor(
    private readonly onProgress: ((p: Progress) => void) | undefined,
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  add(bytes: number, files = 0): void {
    this.progress.bytesDone += bytes;
    this.progress.filesDone += files;
    const t = this.now();
    if (this.onProgress && t - this.last >= this.intervalMs) {
      this.last = t;
      this.emit();
    }
  }

  finish(): void {
    this.emit();
  }

  private emit(): void {
    if (!this.onProgress) return;
    try {
      this.onProgress({ ...this.progress });
    } catch {
      // A failing progress callback must not fail the backup.
    }
  }
}
