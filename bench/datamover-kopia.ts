import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BackupPhase, DataMoverTool, listFiles, PhaseResult, storedIn, writesSince } from './datamover-tool';
import { runMeasured } from './measured-process';

/** Where scripts/bench-tools.sh --kopia builds kopia. */
export const KOPIA_VERSION = 'v0.21.1';
export function kopiaBinary(): string | undefined {
  const dir = process.env.TANDEM_TOOLS_DIR ?? join(homedir(), '.cache', 'tandem', 'tools');
  const path = join(dir, `kopia-${KOPIA_VERSION}`, 'kopia');
  return existsSync(path) ? path : undefined;
}

/**
 * kopia with a filesystem repository, its own config, cache and log directories in the run's directory, the
 * password (made for this run) in KOPIA_PASSWORD, and the global policy's compression set to zstd (kopia
 * compresses nothing by default). Snapshots of the dataset's path find their parent by path, user and host.
 */
export class KopiaTool implements DataMoverTool {
  readonly name = 'kopia';
  readonly version: string;
  readonly does =
    'encrypts (AES-256-GCM), deduplicates content-defined chunks (buzhash, 4 MiB average) across snapshots, ' +
    'compresses (zstd, set by the bench); runs its own maintenance on schedule; like Tandem, and unlike rsync';
  private readonly env: NodeJS.ProcessEnv;
  private readonly common: string[];
  private readonly repo: string;
  private latestRoot?: string;

  constructor(
    private readonly binary: string,
    workDir: string,
    private readonly source: string,
  ) {
    this.version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().split(' ')[0]!;
    this.repo = join(workDir, 'kopia-repo');
    this.env = { ...process.env, KOPIA_PASSWORD: randomBytes(24).toString('base64'), KOPIA_CHECK_FOR_UPDATES: 'false' };
    this.common = [`--config-file=${join(workDir, 'kopia.config')}`, `--log-dir=${join(workDir, 'kopia-logs')}`, '--disable-file-logging'];
  }

  async prepare(): Promise<void> {
    const cache = `--cache-directory=${join(this.repo, '..', 'kopia-cache')}`;
    await runMeasured(this.binary, ['repository', 'create', 'filesystem', `--path=${this.repo}`, cache, '--no-check-for-updates', '--no-persist-credentials', ...this.common], { env: this.env });
    await runMeasured(this.binary, ['policy', 'set', '--global', '--compression=zstd', ...this.common], { env: this.env });
  }

  async backup(_phase: BackupPhase): Promise<PhaseResult> {
    const before = await listFiles(this.repo);
    const measured = await runMeasured(this.binary, ['snapshot', 'create', this.source, '--json', ...this.common], { env: this.env });
    const manifest = JSON.parse(measured.stdout) as { id: string; rootEntry: { obj: string; summ?: Record<string, unknown> } };
    this.latestRoot = manifest.rootEntry.obj;
    return { measured, ...(await writesSince(before, this.repo)), reported: { snapshot: manifest.id, ...manifest.rootEntry.summ } };
  }

  async restore(target: string): Promise<PhaseResult> {
    if (!this.latestRoot) throw new Error('kopia: nothing to restore, no snapshot ran');
    return { measured: await runMeasured(this.binary, ['snapshot', 'restore', this.latestRoot, target, ...this.common], { env: this.env }) };
  }

  stored(): Promise<{ bytes: number; files: number }> {
    return storedIn(this.repo);
  }
}
