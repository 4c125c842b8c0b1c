import type { ApplicationView } from '../http/protect.views';
import { NONE, renderTable } from './table';
import { formatDuration, formatTime } from './time.format';

/**
 * NAMESPACE, SCHEDULE, CLUSTERPAIR, LAST-RECOVERY-POINT, RPO (now − the newest committed recovery point, as the
 * replication service computed it); `-o wide` adds the schedule's interval, the RPO limit, how many recovery points
 * are kept and the newest migration.
 */
export function applicationTable(apps: readonly ApplicationView[], opts: { wide?: boolean } = {}): string {
  const header = ['NAMESPACE', 'SCHEDULE', 'CLUSTERPAIR', 'LAST-RECOVERY-POINT', 'RPO', ...(opts.wide ? ['INTERVAL', 'LIMIT', 'RECOVERY-POINTS', 'NEWEST-MIGRATION'] : [])];
  const rows = apps.map((a) => [
    a.namespace,
    a.schedule,
    a.clusterPair,
    a.newestRecoveryPointAt ? formatTime(a.newestRecoveryPointAt) : 'none yet',
    seconds(a.rpoSeconds),
    ...(opts.wide ? [seconds(a.intervalSeconds), seconds(a.limitSeconds), String(a.recoveryPoints), a.newestMigration ?? NONE] : []),
  ]);
  return renderTable(header, rows);
}

const seconds = (s: number | null | undefined): string => (typeof s === 'number' ? formatDuration(s * 1000) : NONE);
