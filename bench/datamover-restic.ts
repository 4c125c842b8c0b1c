import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupPhase, DataMoverTool, listFiles, PhaseResult, storedIn, writesSince } from './datamover-tool';
import { runMeasured } from './measured-process';

/**
 * restic with a local repository (format v2: zstd compression `auto`, AES-256 + Poly1305, content-defined chunks
 * deduplicated across snapshots), the password in a file made for this run. `backup .` runs in the dataset so
 * the snapshot's root is the dataset's root; restic picks the previous snapshot of the same path and host as
 * parent, and skips files whose mtime, ctime, size and inode are unchanged.
 */
export class ResticTool implements DataMoverTool {
  readonly name = 'restic';
  readonly version = resticVersion();
  readonly does =
    'encrypts (AES-256-CTR + Poly1305), deduplicates content-defined chunks across snapshots, compresses (zstd, auto), ' +
    'keeps a local cache of the repository index; like Tandem, and unlike rsync';
  private readonly repo: string;
  private readonly passwordFile: string;
  private readonly cacheDir: string;

  constructor(
    workDir: string,
    private readonly source: string,
  ) {
    this.repo = join(workDir, 'restic-repo');
    this.passwordFile = join(workDir, 'restic-password');
    this.cacheDir = join(workDir, 'restic-cache');
  }

  private args(...rest: string[]): string[] {
    return ['--repo', this.repo, '--password-file', this.passwordFile, '--cache-dir', this.cacheDir, ...rest];
  }

  async prepare(): Promise<void> {
    await writeFile(this.passwordFile, randomBytes(24).toString('base64'), { mode: 0o600 });
    await runMeasured('restic', this.args('init', '--repository-version', '2', '--quiet'));
  }

  async backup(_phase: BackupPhase): Promise<PhaseResult> {
    const before = await listFiles(this.repo);
    const measured = await runMeasured('restic', this.args('backup', '--json', '--host', 'bench', '--compression', 'auto', '.'), { cwd: this.source });
    const summary = measured.stdout
      .trim()
      .split('\n')
      .map((l) => safeJson(l))
      .find((m) => m?.message_type === 'summary');
    if (!summary) throw new Error(`restic backup printed no summary:\n${measured.stdout.slice(-2000)}`);
    const { message_type: _type, ...reported } = summary;
    return { measured, ...(await writesSince(before, this.repo)), reported };
  }

  async restore(target: string): Promise<PhaseResult> {
    const measured = await runMeasured('restic', this.args('restore', 'latest', '--host', 'bench', '--target', target));
    return { measured };
  }

  stored(): Promise<{ bytes: number; files: number }> {
    return storedIn(this.repo);
  }
}

function safeJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function resticVersion(): string {
  try {
    return execFileSync('restic', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not installed';
  }
}
