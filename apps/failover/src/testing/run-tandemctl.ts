import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REGISTER_SCRIPT, REPO_ROOT } from '@tandem/testing';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command line's entry point, run as a process: apps do not import each other. */
const MAIN = join(REPO_ROOT, 'apps', 'tandemctl', 'src', 'main.ts');

/** Runs the real tandemctl as a child process, as a person would from a shell, with only `env` for its settings. */
export function runTandemctl(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER_SCRIPT, MAIN, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
