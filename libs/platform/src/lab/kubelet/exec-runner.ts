import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ExecResult } from '../../platform.port';
import type { LaunchSpec } from './launch-spec';
import { signalGroup } from './proc-stat';

const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Runs a command in a container's environment (its env, working directory and user), in its own process
 * group. Past `timeoutMs` the whole group is killed and the result says `timedOut` (exit code null). An
 * executable that cannot be found ends with 127 (126 when it cannot be run), as in a container.
 */
export function runInContainer(spec: Pick<LaunchSpec, 'env' | 'cwd' | 'identity'>, command: string[], timeoutMs: number, pod: string): Promise<ExecResult> {
  return new Promise((resolve) => {
    const [file, ...args] = command as [string, ...string[]];
    const stdout = new Output();
    const stderr = new Output();
    let timedOut = false;
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(spec.identity ? { uid: spec.identity.uid, gid: spec.identity.gid } : {}),
    });
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      if (child.pid !== undefined) return;
      clearTimeout(timer);
      const code = (error as NodeJS.ErrnoException).code === 'EACCES' ? 126 : 127;
      const why = code === 127 ? 'executable file not found in $PATH' : 'permission denied';
      resolve({ pod, exitCode: code, stdout: '', stderr: `exec: "${file}": ${why}\n`, timedOut: false });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const exitCode = timedOut ? null : (code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
      resolve({ pod, exitCode, stdout: stdout.text(), stderr: stderr.text(), timedOut });
    });
  });
}

class Output {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private truncated = false;

  add(chunk: Buffer): void {
    if (this.size >= MAX_OUTPUT) {
      this.truncated = true;
      return;
    }
    this.chunks.push(chunk.subarray(0, MAX_OUTPUT - this.size));
    this.size += chunk.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8') + (this.truncated ? `\n[output truncated at ${MAX_OUTPUT} bytes]\n` : '');
  }
}
