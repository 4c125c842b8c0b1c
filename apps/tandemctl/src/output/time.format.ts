/** `45s`, `3m12s`, `2h5m`, `3d4h`: a duration as kubectl writes ages. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}

/** How long ago `iso` was, from `now`: `12s`, `3m`. */
export const age = (iso: string, now: Date): string => formatDuration(now.getTime() - Date.parse(iso));

/** `2026-11-26 07:21:04 UTC`: a time a person reads, in UTC (storkctl prints the creation time, not an age). */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `in 48s`, or `now` when due or past. */
export function until(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  return ms < 1000 ? 'now' : `in ${formatDuration(ms)}`;
}
