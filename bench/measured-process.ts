import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuBetween, cpuSnapshot } from './cpu-usage';
import { round } from './stats';

// Runs one command as its own process and measures what it cost: wall time, CPU time and peak memory.
// Peak memory is taken two ways and the larger is reported: GNU time's maximum RSS (the largest single process
// of the tree, from the kernel's accounting, so nothing is missed between samples), and the largest sum of
// VmRSS over the whole process tree sampled every 50 ms (what several cooperating processes, e.g. rsync's
// sender, generator and receiver, hold together).

const GNU_TIME = '/usr/bin/time';
const SAMPLE_MS = 50;
/** Output kept of each stream, from the end. */
const KEEP_OUTPUT = 256 * 1024;

export interface Measured {
  wall_s: number;
  /** CPU seconds in user and kernel mode, the whole tree (from GNU time; undefined without it). */
  user_s?: number;
  system_s?: number;
  peak_rss_mb: number;
  /** GNU time's maximum resident set size of the largest process in the tree. */
  max_process_rss_mb?: number;
  /** The largest sum of the tree's VmRSS seen by sampling. */
  sampled_tree_rss_mb: number;
  /**
   * The whole machine meanwhile, in cores (CPU seconds per wall second): `others_cores` by processes that are
   * neither this command nor the bench, `kernel_threads_cores` by kernel threads (disk writeback among them, so
   * partly on the command's behalf), `unaccounted_cores` by processes that started and ended meanwhile (also
   * others'); and Linux pressure stalls (share of the wall time some task waited for a CPU or for I/O).
   */
  machine: {
    others_cores: number;
    kernel_threads_cores: number;
    unaccounted_cores: number;
    cpu_pressure_pct: number;
    io_pressure_pct: number;
    io_full_pressure_pct: number;
  };
  exit_code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Fail (throw) unless the exit code is one of these; default [0]. */
  okExitCodes?: number[];
}

export async function runMeasured(command: string, args: string[], opts: RunOptions = {}): Promise<Measured> {
  const scratch = await mkdtemp(join(tmpdir(), 'tandem-measure-'));
  const timeFile = join(scratch, 'time');
  const withTime = existsSync(GNU_TIME);
  const [cmd, argv] = withTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, args];
  try {
    return await measure(cmd, argv, command, args, opts, withTime ? timeFile : undefined);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function measure(cmd: string, argv: string[], command: string, args: string[], opts: RunOptions, timeFile: string | undefined): Promise<Measured> {
  const withTime = timeFile !== undefined;
  const cpuBefore = cpuSnapshot();
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-KEEP_OUTPUT)));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-KEEP_OUTPUT)));
  let sampled = 0;
  const sample = () => {
    if (child.pid !== undefined) sampled = Math.max(sampled, treeRssKb(child.pid, withTime));
  };
  const timer = setInterval(sample, SAMPLE_MS);
  sample();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  }).finally(() => clearInterval(timer));
  const wallS = (performance.now() - started) / 1000;
  const cpuAfter = cpuSnapshot();
  const time = withTime ? parseTime(await readFile(timeFile, 'utf8').catch(() => '')) : undefined;
  if (!(opts.okExitCodes ?? [0]).includes(exitCode ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} exited with ${exitCode}:\n${stderr.slice(-4000) || stdout.slice(-4000)}`);
  }
  const maxProcess = time?.maxRssKb;
  const machine = machineDuring(cpuBefore, cpuAfter, wallS, time ? time.user + time.system : 0);
  return {
    wall_s: round(wallS, 3),
    user_s: time?.user,
    system_s: time?.system,
    peak_rss_mb: round(Math.max(maxProcess ?? 0, sampled) / 1024, 1),
    max_process_rss_mb: maxProcess === undefined ? undefined : round(maxProcess / 1024, 1),
    sampled_tree_rss_mb: round(sampled / 1024, 1),
    machine,
    exit_code: exitCode,
    stdout,
    stderr,
  };
}

type CpuSnapshot = ReturnType<typeof cpuSnapshot>;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const KERNEL_THREAD = /^(kworker|kswapd|jbd2|ksoftirqd|kcompactd|rcu_|migration|writeback|khugepaged|irq\/)/;

/** Who else used the CPU between two snapshots; the command itself (exited by now) used `ownCpuS` seconds. */
function machineDuring(before: CpuSnapshot, after: CpuSnapshot, wallS: number, ownCpuS: number): Measured['machine'] {
  const cpu = cpuBetween(before, after, {});
  let others = 0;
  let kernel = 0;
  for (const [pid, now] of after.ticks) {
    if (pid === process.pid) continue; // the bench itself: sampling memory, waiting
    const delta = now.ticks - (before.ticks.get(pid)?.ticks ?? 0);
    if (KERNEL_THREAD.test(now.comm)) kernel += delta;
    else others += delta;
  }
  const perSecond = (ticks: number) => ticks / CLOCK_TICKS / Math.max(wallS, 0.001);
  const busy = (cpu.machine_busy_pct / 100) * cpus().length;
  const bench = perSecond(Math.max(0, (after.ticks.get(process.pid)?.ticks ?? 0) - (before.ticks.get(process.pid)?.ticks ?? 0)));
  return {
    others_cores: round(perSecond(others), 2),
    kernel_threads_cores: round(perSecond(kernel), 2),
    unaccounted_cores: round(Math.max(0, busy - perSecond(others) - perSecond(kernel) - bench - ownCpuS / Math.max(wallS, 0.001)), 2),
    cpu_pressure_pct: cpu.pressure_pct.cpu_some,
    io_pressure_pct: cpu.pressure_pct.io_some,
    io_full_pressure_pct: cpu.pressure_pct.io_full,
  };
}

/** Whether GNU time is there; without it peak memory comes from sampling only. */
export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

function parseTime(text: string): { maxRssKb: number; user: number; system: number } | undefined {
  // With a failing command GNU time writes "Command exited with non-zero status N" first.
  const line = text.trim().split('\n').pop() ?? '';
  const [rss, user, system] = line.split(' ').map(Number);
  return Number.isFinite(rss) ? { maxRssKb: rss!, user: user!, system: system! } : undefined;
}

/** The sum of VmRSS (kB) of `root`'s descendants, and of `root` itself unless it is only GNU time's wrapper. */
function treeRssKb(root: number, skipRoot: boolean): number {
  let total = 0;
  const visit = (pid: number, count: boolean) => {
    if (count) total += Number(/VmRSS:\s+(\d+)/.exec(readOrEmpty(`/proc/${pid}/status`))?.[1] ?? 0);
    for (const child of childrenOf(pid)) visit(child, true);
  };
  visit(root, !skipRoot);
  return total;
}

/** The children of `pid`, from /proc/<pid>/task/<tid>/children (any of its threads may have forked them). */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // exited meanwhile
  }
  return tasks.flatMap((tid) =>
    readOrEmpty(`/proc/${pid}/task/${tid}/children`)
      .split(' ')
      .filter((x) => x !== '')
      .map(Number),
  );
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process exited meanwhile
  }
}
