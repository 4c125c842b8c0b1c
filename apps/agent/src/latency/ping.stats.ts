export interface PingStats {
  samples: number;
  lost: number;
  minMs?: number;
  avgMs?: number;
  maxMs?: number;
  mdevMs?: number;
}

/** Milliseconds to three decimals (microseconds), as ping prints them. */
const ms = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Summarises round trips the way iputils `ping` does: over the answered probes, min, average, max and
 * mdev = sqrt(mean(rtt²) − mean(rtt)²) (the population standard deviation); `lost` = sent − answered.
 * Without any answer there is no rtt line, only the loss.
 */
export function pingStats(rttsMs: readonly number[], sent: number): PingStats {
  if (sent < rttsMs.length) throw new Error(`sent (${sent}) cannot be less than the answers (${rttsMs.length})`);
  const n = rttsMs.length;
  const lost = sent - n;
  if (n === 0) return { samples: 0, lost };
  let sum = 0;
  let sum2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const rtt of rttsMs) {
    sum += rtt;
    sum2 += rtt * rtt;
    min = Math.min(min, rtt);
    max = Math.max(max, rtt);
  }
  const avg = sum / n;
  const mdev = Math.sqrt(Math.max(0, sum2 / n - avg * avg));
  return { samples: n, lost, minMs: ms(min), avgMs: ms(avg), maxMs: ms(max), mdevMs: ms(mdev) };
}
