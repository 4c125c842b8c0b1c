import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REGISTER_SCRIPT } from '@tandem/testing';
import { BackupPhase, DataMoverTool, listFiles, PhaseResult, storedIn, writesSince } from './datamover-tool';
import { runMeasured } from './measured-process';
import type { TandemWorkerSettings } from './tandem-datamover.worker';
import { profileEnv } from './worker-process';

const WORKER = join(__dirname, 'tandem-datamover.worker.ts');
const VOLUME = 'bench-volume';

/**
 * Tandem's datamover (`@tandem/datamover`) into an `FsObjectStore` on the same disk, each operation a process of
 * its own (bench/tandem-datamover.worker.ts) with the library's defaults; the master key is made for this run.
 */
export class TandemTool implements DataMoverTool {
  readonly name = 'tandem';
  readonly version = 'working tree (@tandem/datamover)';
  readonly does =
    'encrypts (AES-256-GCM), deduplicates content-defined chunks (FastCDC) across recovery points, compresses ' +
    '(zstd level 3, kept only when it saves 5 %), stores chunks in pack files with an encrypted index; fsyncs every ' +
    'stored object and, on restore, the restored tree; restores into a build directory and swaps it into place';
  private readonly storeDir: string;
  private readonly keyFile: string;
  private latest?: string;
  private runs = 0;

  constructor(
    private readonly workDir: string,
    private readonly source: string,
    private readonly profileDir?: string,
    /** Chunk and pack sizes (0: the library's defaults); the chunk size applies when the first backup creates the repository. */
    private readonly sizes: { avgChunkKiB: number; packMiB: number } = { avgChunkKiB: 0, packMiB: 0 },
  ) {
    this.storeDir = join(workDir, 'tandem-store');
    this.keyFile = join(workDir, 'tandem-master-key');
  }

  /** Also measures a process that only loads the library: what every operation pays before it starts. */
  async prepare(): Promise<Record<string, unknown>> {
    await writeFile(this.keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    await mkdir(this.storeDir);
    const { measured, result } = await this.run('load', { op: 'load' });
    return { load_only: { wall_s: measured.wall_s, peak_rss_mb: measured.peak_rss_mb, timing: result.timing } };
  }

  async backup(phase: BackupPhase): Promise<PhaseResult> {
    const before = await listFiles(this.storeDir);
    const { measured, result } = await this.run(phase, { op: 'backup', source: this.source });
    this.latest = String(result.recoveryPointId);
    return { measured, ...(await writesSince(before, this.storeDir)), reported: result };
  }

  async restore(target: string): Promise<PhaseResult> {
    if (!this.latest) throw new Error('tandem: nothing to restore, no backup ran');
    return this.run('restore', { op: 'restore', target, recoveryPointId: this.latest });
  }

  stored(): Promise<{ bytes: number; files: number }> {
    return storedIn(this.storeDir);
  }

  private async run(name: string, op: Pick<TandemWorkerSettings, 'op' | 'source' | 'target' | 'recoveryPointId'>): Promise<PhaseResult & { result: Record<string, unknown> }> {
    const resultFile = join(this.workDir, `tandem-result-${++this.runs}.json`);
    const settings: TandemWorkerSettings = {
      ...op,
      storeDir: this.storeDir,
      keyFile: this.keyFile,
      volume: VOLUME,
      resultFile,
      ...(this.sizes.avgChunkKiB > 0 ? { avgChunkBytes: this.sizes.avgChunkKiB * 1024 } : {}),
      ...(this.sizes.packMiB > 0 ? { packBytes: this.sizes.packMiB * 2 ** 20 } : {}),
    };
    const measured = await runMeasured(process.execPath, ['-r', REGISTER_SCRIPT, WORKER, JSON.stringify(settings)], {
      env: { ...process.env, ...profileEnv(`tandem-${name}`, this.profileDir) },
    });
    const result = JSON.parse(await readFile(resultFile, 'utf8')) as Record<string, unknown>;
    await rm(resultFile);
    return { measured, result, reported: result };
  }
}
