import { readFileSync } from 'node:fs';

/** What the lab needs from `/proc/<pid>/stat`: the state letter, the process group and the start time. */
export interface ProcStat {
  state: string;
  pgid: number;
  /** Start time in clock ticks since boot: with the pid, identifies one process across pid reuse. */
  startTicks: string;
}

/** The process's stat line, or undefined when there is no such process (or no /proc). */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', pgid: Number(fields[2]), startTicks: fields[19] ?? '' };
}

/** True when `pid` is still the process that was started then (not a zombie, not a reused pid). */
export function isAlive(pid: number, startTicks: string | undefined): boolean {
  const stat = readProcStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return startTicks === undefined || startTicks === '' || stat.startTicks === startTicks;
}

/** Signals a process group, ignoring "no such process". */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
