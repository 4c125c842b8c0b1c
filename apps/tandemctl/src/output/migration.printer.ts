import type { MigrationView } from '../http/scheduler.views';
import { NONE, renderTable } from './table';
import { formatDuration, formatTime } from './time.format';

/**
 * storkctl's columns: NAME, CLUSTERPAIR, STAGE, STATUS, VOLUMES, RESOURCES, CREATED, ELAPSED. The scheduler knows
 * when a migration was requested and how it ended; the stage between `Initial` and `Final` and the volume and
 * resource counts (done/total) come from the services that run it, so they read `-` until those report.
 */
export function migrationTable(
  migrations: readonly MigrationView[],
  clusterPairOf: (m: MigrationView) => string | undefined,
  now: Date,
  opts: { wide?: boolean; withNamespace?: boolean } = {},
): string {
  const header = [
    ...(opts.withNamespace ? ['NAMESPACE'] : []),
    ...['NAME', 'CLUSTERPAIR', 'STAGE', 'STATUS', 'VOLUMES', 'RESOURCES', 'CREATED', 'ELAPSED'],
    ...(opts.wide ? ['SCHEDULE', 'POLICY-TYPE', 'MISSED', 'REASON'] : []),
  ];
  const rows = migrations.map((m) => [
    ...(opts.withNamespace ? [m.namespace] : []),
    m.name,
    clusterPairOf(m) ?? NONE,
    stageOf(m),
    m.status,
    NONE,
    NONE,
    formatTime(m.createdAt),
    formatDuration((m.finishedAt ? Date.parse(m.finishedAt) : now.getTime()) - Date.parse(m.createdAt)),
    ...(opts.wide ? [m.schedule, m.policyType, String(m.missed), m.reason ?? NONE] : []),
  ]);
  return renderTable(header, rows);
}

/** `Initial` until it starts, `Final` once it ended (whatever the outcome); in between the running service knows. */
export function stageOf(m: MigrationView): string {
  switch (m.status) {
    case 'Pending':
      return 'Initial';
    case 'Successful':
    case 'PartialSuccess':
    case 'Failed':
      return 'Final';
    case 'InProgress':
      return NONE;
  }
}
