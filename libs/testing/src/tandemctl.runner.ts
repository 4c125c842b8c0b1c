import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REGISTER_SCRIPT, REPO_ROOT } from './repo.paths';

/** How a tandemctl run ended, and what it printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunTandemctlOptions {
  /** Its whole environment besides PATH: the settings it reads (TANDEM_*_URL, HOME, …). */
  env: Record<string, string>;
  /** Written to its standard input (`-f -`); empty otherwise. */
  stdin?: string;
  /** The directory it runs in (relative paths of `-f`); the repository root by default. */
  cwd?: string;
}

const MAIN = join(REPO_ROOT, 'apps', 'tandemctl', 'src', 'main.ts');

/** Runs the real tandemctl as a child process, as a person would from a shell, with only `env` for its settings. */
export function runTandemctl(args: readonly string[], opts: RunTandemctlOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER_SCRIPT, MAIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}
