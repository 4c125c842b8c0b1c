import type { MigrationRow } from './migration-rows';
import { bytesText, progressText } from './quantity.format';
import { NONE, renderTable } from './table';
import { formatDuration, formatTime } from './time.format';

/**
 * storkctl's columns: NAME, CLUSTERPAIR, STAGE, STATUS, VOLUMES, RESOURCES (done/total), CREATED, ELAPSED; `-o wide`
 * adds the bytes replicated, the schedule, its policy type, the runs it covered that were missed, and the reason.
 * The counts read `-` for a migration the coordinator has not picked up yet.
 */
export function migrationTable(rows: readonly MigrationRow[], opts: { wide?: boolean; withNamespace?: boolean } = {}): string {
  const header = [
    ...(opts.withNamespace ? ['NAMESPACE'] : []),
    ...['NAME', 'CLUSTERPAIR', 'STAGE', 'STATUS', 'VOLUMES', 'RESOURCES', 'CREATED', 'ELAPSED'],
    ...(opts.wide ? ['BYTES', 'SCHEDULE', 'POLICY-TYPE', 'MISSED', 'REASON'] : []),
  ];
  const body = rows.map((m) => [
    ...(opts.withNamespace ? [m.namespace] : []),
    m.name,
    m.clusterPair ?? NONE,
    m.stage,
    m.status,
    progressText(m.volumes),
    progressText(m.resources),
    formatTime(m.createdAt),
    formatDuration(m.elapsedMs),
    ...(opts.wide ? [bytesText(m.bytes), m.schedule ?? NONE, m.scheduled?.policyType ?? NONE, m.scheduled ? String(m.scheduled.missed) : NONE, m.reason ?? NONE] : []),
  ]);
  return renderTable(header, body);
}
