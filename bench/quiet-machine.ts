import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

// On a shared machine, other people's builds and tests take cores away from whatever runs next. Waiting for a
// quiet second before each measured run makes the tools' numbers comparable; the wait is bounded, and what was
// measured anyway is reported (each run's `machine.others_cores`).

/** Cores busy over the next `ms` milliseconds, all processes. */
async function busyCores(ms: number): Promise<number> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  return ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * cpus().length;
}

/**
 * Waits until fewer than `threshold` cores were busy for a whole second, for at most `maxWaitS` seconds.
 * Returns how long it waited and how busy the last second was.
 */
export async function waitForQuiet(threshold: number, maxWaitS: number): Promise<{ waited_s: number; busy_cores: number }> {
  const started = Date.now();
  let busy = await busyCores(1000);
  while (busy >= threshold && Date.now() - started < maxWaitS * 1000) busy = await busyCores(1000);
  return { waited_s: Math.round((Date.now() - started) / 100) / 10, busy_cores: Math.round(busy * 100) / 100 };
}

function cpuTimes(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}
