import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import { REPO_ROOT } from '@tandem/testing';
import { hasGnuTime } from './measured-process';

/** What the datamover bench's numbers depend on besides the code: machine, disk and the programs compared. */
export function describeDatamoverEnvironment(workDir: string, versions: Record<string, string>): Record<string, unknown> {
  return {
    code: gitState(),
    node: process.version,
    kernel: release(),
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    work_dir: workDir,
    /** Dataset, repositories, targets and restores all live here: one disk for every tool. */
    filesystem: run('df', ['--output=source,fstype,size,avail', '-h', workDir]).split('\n')[1]?.trim().replace(/\s+/g, ' '),
    peak_rss_from: hasGnuTime() ? 'GNU time (largest process) and 50 ms sampling of the tree (sum)' : '50 ms sampling of the process tree only',
    versions,
  };
}

function gitState(): { commit: string; changed_libs_datamover: boolean } | string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), changed_libs_datamover: git('status', '--porcelain', '--', 'libs/datamover', 'libs/objectstore') !== '' };
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' });
  } catch {
    return '';
  }
}
