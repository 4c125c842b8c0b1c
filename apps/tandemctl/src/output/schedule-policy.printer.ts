import type { PolicyView } from '../http/scheduler.views';
import { NONE, renderTable } from './table';
import { age, formatDuration } from './time.format';

/** storkctl's columns (NAME, INTERVAL-MINUTES, DAILY, WEEKLY, MONTHLY) with Tandem's seconds, users and age. */
export function schedulePolicyTable(policies: readonly PolicyView[], now: Date, wide = false): string {
  const header = ['NAME', 'INTERVAL', 'DAILY', 'WEEKLY', 'MONTHLY', 'USED-BY', 'AGE', ...(wide ? ['TIMEZONE', 'RETAIN'] : [])];
  const rows = policies.map((p) => {
    const { interval, daily, weekly, monthly, timeZone } = p.policy;
    return [
      p.name,
      interval ? intervalText(interval) : NONE,
      daily ? daily.time : NONE,
      weekly ? `${weekly.day}@${weekly.time}` : NONE,
      monthly ? `${monthly.date}@${monthly.time}` : NONE,
      String(p.usedBy),
      age(p.createdAt, now),
      ...(wide ? [timeZone ?? 'UTC', retainText(p)] : []),
    ];
  });
  return renderTable(header, rows);
}

function intervalText(interval: { intervalMinutes?: number; intervalSeconds?: number }): string {
  const seconds = interval.intervalSeconds ?? (interval.intervalMinutes ?? 0) * 60;
  return formatDuration(seconds * 1000);
}

/** `interval=10,daily=30`: how many migrations of each type are kept. */
function retainText(p: PolicyView): string {
  const kept = (['interval', 'daily', 'weekly', 'monthly'] as const).flatMap((t) => (p.policy[t]?.retain !== undefined ? [`${t}=${p.policy[t]!.retain}`] : []));
  return kept.join(',') || NONE;
}
