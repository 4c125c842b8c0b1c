import type { FailoverView } from '../http/failover.views';
import { NONE, renderTable } from './table';
import { formatDuration, formatTime } from './time.format';

/** `42s`, `3m12s`: the recovery time of a successful failover. */
export const rtoCell = (f: Pick<FailoverView, 'rtoSeconds'>): string => (f.rtoSeconds === undefined ? NONE : formatDuration(f.rtoSeconds * 1000));

const workloadsCell = (f: FailoverView): string => (f.workloads.length === 0 ? NONE : f.workloads.map((w) => `${w.kind.toLowerCase()}/${w.name} ${w.ready}/${w.replicas}`).join(','));

/**
 * `get failovers`: NAME, SCHEDULE, SOURCE, DESTINATION, STAGE, STATUS, RTO, CREATED (NAMESPACE first across
 * namespaces); `-o wide` adds whether the source answered and was stopped, the last migration, the workloads
 * activated (ready/replicas) and the reason.
 */
export function failoverTable(failovers: readonly FailoverView[], opts: { wide?: boolean; withNamespace?: boolean } = {}): string {
  const header = [
    ...(opts.withNamespace ? ['NAMESPACE'] : []),
    ...['NAME', 'SCHEDULE', 'SOURCE', 'DESTINATION', 'STAGE', 'STATUS', 'RTO', 'CREATED'],
    ...(opts.wide ? ['SOURCE-REACHABLE', 'SOURCE-STOPPED', 'LAST-MIGRATION', 'WORKLOADS', 'REASON'] : []),
  ];
  const rows = failovers.map((f) => [
    ...(opts.withNamespace ? [f.namespace] : []),
    f.name,
    f.schedule,
    f.sourceDomain,
    f.destinationDomain,
    f.stage,
    f.status,
    rtoCell(f),
    formatTime(f.createdAt),
    ...(opts.wide
      ? [f.sourceReachable === undefined ? NONE : f.sourceReachable ? 'yes' : 'no', f.sourceStopped ? 'yes' : 'no', f.lastMigration ? `${f.lastMigration.name} (${f.lastMigration.status})` : NONE, workloadsCell(f), f.reason ?? NONE]
      : []),
  ]);
  return renderTable(header, rows);
}

/** What a stage does, said after its name while `failover` / `failback` follows it. */
function stageNote(f: FailoverView): string {
  if (f.stage === 'prepare-source') return ` (stopping the application on ${f.sourceDomain})`;
  if (f.stage === 'activate-destination') return ` (letting ${f.destinationDomain} run its applications)`;
  return '';
}

/** The line `failover` (or `failback`) prints when it follows a failover into a new stage. */
export function stageLine(f: FailoverView): string {
  if (f.status === 'InProgress') return `${f.reason === undefined ? 'stage' : 'undoing after'} ${f.stage}${stageNote(f)}\n`;
  return '';
}

/** The last lines `failover` (or `failback`) prints: how it ended, the RTO, the reason. */
export function endLines(f: FailoverView, word: 'failover' | 'failback' = 'failover'): string {
  const lines = [`${word} ${f.namespace}/${f.name}: ${f.status}`];
  if (f.status === 'Successful') {
    lines[0] += ` in ${rtoCell(f)} (RTO)`;
    for (const w of f.workloads) lines.push(`  ${w.kind.toLowerCase()}/${w.name} -n ${w.namespace}: ${w.ready}/${w.replicas} ready`);
    if (f.sourceReachable === false) lines.push(`  the source ${f.sourceDomain} did not answer: it was fenced without being stopped`);
  } else {
    lines[0] += ` at ${f.stage}`;
    if (f.reason) lines.push(`  reason: ${f.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
