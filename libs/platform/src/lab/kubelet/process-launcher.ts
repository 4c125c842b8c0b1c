import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LaunchSpec } from './launch-spec';
import { PodConfigError } from './pod-config.error';
import { isAlive, readProcStat, signalGroup, signalProcess } from './proc-stat';

export interface LaunchedProcess {
  pid: number;
  startTicks: string;
  child: ChildProcess;
}

/**
 * Starts a container's process: detached in its own process group (so it outlives a site server killed with
 * SIGKILL, and can be re-adopted), stdout and stderr appended to `logFile`, as the container's user.
 */
export async function launchProcess(spec: LaunchSpec, logFile: string): Promise<LaunchedProcess> {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'a');
  try {
    const [file, ...args] = spec.argv as [string, ...string[]];
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', log, log],
      ...(spec.identity ? { uid: spec.identity.uid, gid: spec.identity.gid } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(startError(file, error)));
    });
    child.unref();
    const pid = child.pid as number;
    return { pid, startTicks: readProcStat(pid)?.startTicks ?? '', child };
  } finally {
    closeSync(log);
  }
}

function startError(file: string, error: Error): PodConfigError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new PodConfigError('StartError', `exec: "${file}": executable file not found in $PATH (or the working directory is missing)`);
  if (code === 'EACCES') return new PodConfigError('StartError', `exec: "${file}": permission denied`);
  return new PodConfigError('StartError', `exec: "${file}": ${error.message}`);
}

/**
 * Stops a container's process as the kubelet does: SIGTERM to the process, SIGKILL to its whole process group
 * when it is still there after `graceMs` (and to whatever it left behind in its group once it is gone).
 */
export async function stopProcess(target: { pid: number; startTicks: string; exited: () => boolean }, graceMs: number): Promise<void> {
  const alive = (): boolean => !target.exited() && isAlive(target.pid, target.startTicks);
  if (alive()) signalProcess(target.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await sleep(100);
  // The kernel does not reuse a pid while a process group of that id has members: when the pid now belongs to
  // another process, our group is empty and must not be signalled.
  const stat = readProcStat(target.pid);
  if (!stat || stat.startTicks === target.startTicks) signalGroup(target.pid, 'SIGKILL');
  const killDeadline = Date.now() + 10_000;
  while (alive() && Date.now() < killDeadline) await sleep(50);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
