import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { round } from './stats';

// CPU time per process and for the whole machine, read from /proc, so a report can say which process used the
// cores while a bench ran. A process that exits between two snapshots takes its CPU time with it, so take the
// second snapshot before stopping anything.

interface Snapshot {
  atMs: number;
  load1: number;
  machineBusy: number;
  machineTotal: number;
  ticks: Map<number, { comm: string; ticks: number; system: number }>;
  /** Nanoseconds the main thread of each process spent waiting for a CPU while runnable (/proc/<pid>/schedstat). */
  runqueueNs: Map<number, number>;
  /** Pressure stall totals in microseconds (/proc/pressure). */
  pressure: { cpuSome: number; ioSome: number; ioFull: number };
}

export interface CpuReport {
  wall_s: number;
  /** Share of all cores that were busy (user + system), 0–100. */
  machine_busy_pct: number;
  /** The machine's 1-minute load average when the run started: above ~1 means others were using the CPU too. */
  load_average_1m_before: number;
  /** CPU seconds per wall second (1.0 = one core all the time), by role; `postgres` sums every server process. */
  cores_used: Record<string, number>;
  /** Share of each named process's CPU time spent in the kernel (system calls: sockets, disk). */
  kernel_pct: Record<string, number>;
  /** Share of the wall time each named process's main thread was runnable but waiting for a CPU. */
  runqueue_wait_pct: Record<string, number>;
  /** Share of the wall time some task waited for a CPU / for I/O, and all tasks were stalled on I/O (Linux PSI). */
  pressure_pct: { cpu_some: number; io_some: number; io_full: number };
}

const CLOCK_TICKS = clockTicks();

export function cpuSnapshot(): Snapshot {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  const ticks = new Map<number, { comm: string; ticks: number; system: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrUndefined(`/proc/${entry}/stat`);
    if (!stat) continue;
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const [utime, stime] = [Number(fields[11]), Number(fields[12])]; // fields 14 and 15 of proc(5)
    ticks.set(Number(entry), { comm: stat.slice(stat.indexOf('(') + 1, close), ticks: utime + stime, system: stime });
  }
  const runqueueNs = new Map<number, number>();
  for (const pid of ticks.keys()) {
    const sched = readOrUndefined(`/proc/${pid}/schedstat`);
    if (sched) runqueueNs.set(pid, Number(sched.split(' ')[1]));
  }
  return { atMs: Date.now(), load1: loadavg()[0]!, machineBusy: busy, machineTotal: busy + idle! + iowait!, ticks, runqueueNs, pressure: pressure() };
}

/** CPU used between two snapshots; `roles` names the processes of interest by pid, the rest is `postgres` or `other`. */
export function cpuBetween(before: Snapshot, after: Snapshot, roles: Record<string, number | undefined>): CpuReport {
  const wallS = (after.atMs - before.atMs) / 1000;
  const byPid = new Map(Object.entries(roles).flatMap(([role, pid]) => (pid === undefined ? [] : [[pid, role] as const])));
  const used: Record<string, number> = Object.fromEntries(Object.keys(roles).map((r) => [r, 0]));
  used.postgres = 0;
  used.other = 0;
  for (const [pid, now] of after.ticks) {
    const delta = now.ticks - (before.ticks.get(pid)?.ticks ?? 0);
    const role = byPid.get(pid) ?? (now.comm === 'postgres' ? 'postgres' : 'other');
    used[role] = (used[role] ?? 0) + delta;
  }
  const cores = Object.fromEntries(Object.entries(used).map(([role, t]) => [role, round(t / CLOCK_TICKS / wallS, 2)]));
  const machine = (after.machineBusy - before.machineBusy) / Math.max(1, after.machineTotal - before.machineTotal);
  // Busy time no process in the second snapshot accounts for: processes that exited meanwhile (other users'
  // short-lived jobs, mostly) and the kernel's interrupt work.
  const seen = Object.values(cores).reduce((a, b) => a + b, 0);
  cores.unaccounted = round(Math.max(0, machine * cpus().length - seen), 2);
  const waits = Object.fromEntries(
    [...byPid].map(([pid, role]) => [role, round((((after.runqueueNs.get(pid) ?? 0) - (before.runqueueNs.get(pid) ?? 0)) / 1e9 / wallS) * 100, 0)]),
  );
  const kernel = Object.fromEntries(
    [...byPid].map(([pid, role]) => {
      const [a, b] = [before.ticks.get(pid), after.ticks.get(pid)];
      const total = (b?.ticks ?? 0) - (a?.ticks ?? 0);
      return [role, total > 0 ? round((((b?.system ?? 0) - (a?.system ?? 0)) / total) * 100, 0) : 0];
    }),
  );
  const pct = (a: number, b: number) => round(((b - a) / 1e6 / wallS) * 100, 0);
  return {
    wall_s: round(wallS, 2),
    machine_busy_pct: round(machine * 100, 0),
    load_average_1m_before: before.load1,
    cores_used: cores,
    kernel_pct: kernel,
    runqueue_wait_pct: waits,
    pressure_pct: {
      cpu_some: pct(before.pressure.cpuSome, after.pressure.cpuSome),
      io_some: pct(before.pressure.ioSome, after.pressure.ioSome),
      io_full: pct(before.pressure.ioFull, after.pressure.ioFull),
    },
  };
}

/**
 * A short account of who used and who wanted the CPU, e.g. for a report's `limits`. A main thread that ran or
 * waited to run nearly all the time is saturated: more work for that process only queues.
 */
export function cpuVerdict(cpu: CpuReport, services: string[]): string {
  const others = round((cpu.cores_used.other ?? 0) + (cpu.cores_used.unaccounted ?? 0), 2);
  const each = services.map((r) => {
    const [ran, waited] = [cpu.cores_used[r] ?? 0, cpu.runqueue_wait_pct[r] ?? 0];
    return `${r} ran ${ran} cores and waited for a CPU ${waited}% of the time${ran + waited / 100 >= 0.9 ? ' (saturated)' : ''}`;
  });
  return (
    `${cpu.machine_busy_pct >= 90 ? 'CPU-bound: ' : ''}machine ${cpu.machine_busy_pct}% busy over ${cpus().length} cores ` +
    `(CPU pressure ${cpu.pressure_pct.cpu_some}%, postgres ${cpu.cores_used.postgres} cores, processes not ours ${others}); ` +
    `main threads: ${each.join(', ')}`
  );
}

function pressure(): Snapshot['pressure'] {
  const total = (file: string, kind: 'some' | 'full') =>
    Number(/total=(\d+)/.exec((readOrUndefined(file) ?? '').split('\n').find((l) => l.startsWith(kind)) ?? '')?.[1] ?? 0);
  return { cpuSome: total('/proc/pressure/cpu', 'some'), ioSome: total('/proc/pressure/io', 'some'), ioFull: total('/proc/pressure/io', 'full') };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process exited meanwhile
  }
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
