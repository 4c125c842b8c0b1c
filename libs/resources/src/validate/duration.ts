const DURATION = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** `30s`, `5m`, `1h30m`, `500ms` → milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [, h, m, s, ms] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/** Milliseconds → the shortest duration text that reads back the same (`90000` → `1m30s`). */
export function formatDuration(totalMs: number): string {
  if (totalMs === 0) return '0s';
  const h = Math.floor(totalMs / 3_600_000);
  const m = Math.floor((totalMs % 3_600_000) / 60_000);
  const s = Math.floor((totalMs % 60_000) / 1000);
  const ms = totalMs % 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}${ms ? `${ms}ms` : ''}`;
}
