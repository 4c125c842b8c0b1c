import type { ChildProcess } from 'node:child_process';

/** How a child process ended. `error` is set when it could not be spawned at all. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

// Children still running when the test process exits are killed, so a failed test never leaves a broker or a
// service behind holding ports and files.
const running = new Set<ChildProcess>();
let reaperInstalled = false;

/**
 * Resolves (never rejects) once the child has exited and its stdio is closed. Registers the child to be
 * SIGKILLed if this process exits first.
 */
export function watchChild(child: ChildProcess): Promise<ProcessExit> {
  installReaper();
  running.add(child);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      if (child.pid === undefined) {
        running.delete(child);
        resolve({ code: null, signal: null, error });
      }
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/** Sends `signal` unless the child is already gone, and waits for it to exit. */
export async function signalAndWait(
  child: ChildProcess,
  exited: Promise<ProcessExit>,
  signal: NodeJS.Signals,
): Promise<ProcessExit> {
  if (!hasExited(child)) child.kill(signal);
  return exited;
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export async function terminate(
  child: ChildProcess,
  exited: Promise<ProcessExit>,
  graceMs: number,
): Promise<ProcessExit> {
  if (hasExited(child)) return exited;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<'overdue'>((resolve) => {
    timer = setTimeout(() => resolve('overdue'), graceMs);
  });
  try {
    const first = await Promise.race([exited, overdue]);
    if (first === 'overdue') child.kill('SIGKILL');
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

export function describeExit(exit: ProcessExit): string {
  if (exit.error) return `could not start: ${exit.error.message}`;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

function installReaper(): void {
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}
