import type { MigrationView, ScheduleView } from '../http/scheduler.views';
import { NONE, renderTable } from './table';
import { age, until } from './time.format';

/**
 * storkctl's NAME, POLICYNAME, CLUSTERPAIR, SUSPEND, then what the scheduler knows: the newest run (how long ago
 * and how it went) and when the next one is due.
 */
export function migrationScheduleTable(schedules: readonly ScheduleView[], now: Date, opts: { wide?: boolean; withNamespace?: boolean } = {}): string {
  const header = [
    ...(opts.withNamespace ? ['NAMESPACE'] : []),
    ...['NAME', 'POLICYNAME', 'CLUSTERPAIR', 'SUSPEND', 'LAST-RUN', 'LAST-STATUS', 'NEXT-RUN', 'AGE'],
    ...(opts.wide ? ['PROTECTS', 'SKIPPED', 'LAST-ERROR'] : []),
  ];
  const rows = schedules.map((s) => {
    const last = newestRun(s);
    return [
      ...(opts.withNamespace ? [s.namespace] : []),
      s.name,
      s.schedulePolicyName,
      s.template.clusterPair,
      String(s.status.suspended),
      last ? `${age(last.firedAt, now)} ago` : NONE,
      last ? last.status : NONE,
      nextRun(s, now),
      age(s.createdAt, now),
      ...(opts.wide ? [s.template.namespaces.join(','), String(s.status.skippedRuns), s.status.lastError ?? NONE] : []),
    ];
  });
  return renderTable(header, rows);
}

export function newestRun(s: ScheduleView): MigrationView | undefined {
  return Object.values(s.status.lastRuns)
    .filter((m): m is MigrationView => m !== undefined)
    .sort((a, b) => Date.parse(b.firedAt) - Date.parse(a.firedAt))[0];
}

function nextRun(s: ScheduleView, now: Date): string {
  if (s.status.suspended) return 'suspended';
  const times = Object.values(s.status.nextFire).filter((t): t is string => typeof t === 'string').sort((a, b) => Date.parse(a) - Date.parse(b));
  return times[0] ? until(times[0], now) : NONE;
}
