import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupPhase, DataMoverTool, PhaseResult, storedIn } from './datamover-tool';
import { runMeasured } from './measured-process';

/**
 * rsync to a local target directory, `rsync -a --delete`: a plain mirror. Between local directories rsync
 * copies changed files whole (its delta algorithm is off by default there), so an edit in a large file sends the
 * file again; "uploaded" is the `Total bytes sent` of `--stats` (file data plus the protocol). Restore copies
 * the mirror back with `rsync -a`.
 */
export class RsyncTool implements DataMoverTool {
  readonly name = 'rsync';
  readonly version = rsyncVersion();
  readonly does =
    'plain copy: no encryption, no compression, no deduplication, no history (one mirror, overwritten in place); ' +
    'files are readable where they land, so a restore is another copy; does not fsync';
  private readonly target: string;

  constructor(
    workDir: string,
    private readonly source: string,
  ) {
    this.target = join(workDir, 'rsync-target');
  }

  async prepare(): Promise<void> {
    await mkdir(this.target);
  }

  async backup(_phase: BackupPhase): Promise<PhaseResult> {
    const measured = await runMeasured('rsync', ['-a', '--delete', '--stats', `${this.source}/`, `${this.target}/`]);
    const stats = parseStats(measured.stdout);
    return { measured, uploaded_bytes: stats.total_bytes_sent, reported: stats };
  }

  async restore(target: string): Promise<PhaseResult> {
    const measured = await runMeasured('rsync', ['-a', '--stats', `${this.target}/`, `${target}/`]);
    return { measured, reported: parseStats(measured.stdout) };
  }

  stored(): Promise<{ bytes: number; files: number }> {
    return storedIn(this.target);
  }
}

/** The numbers of `rsync --stats`, e.g. "Total bytes sent: 1,000,442" → total_bytes_sent: 1000442. */
function parseStats(out: string): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const line of out.split('\n')) {
    const m = /^([A-Z][A-Za-z ]+): ([\d,.]+)/.exec(line.trim());
    if (!m) continue;
    const key = m[1]!.toLowerCase().replace(/ /g, '_');
    stats[key] = Number(m[2]!.replace(/,/g, ''));
  }
  return stats;
}

function rsyncVersion(): string {
  try {
    return execFileSync('rsync', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return 'not installed';
  }
}
