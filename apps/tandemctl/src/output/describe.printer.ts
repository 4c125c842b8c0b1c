import type { ClusterPairView, RuleView } from '../http/protect.views';
import type { PolicyView, ScheduleView } from '../http/scheduler.views';
import type { MigrationRow } from './migration-rows';
import { bytesText, formatBytes, progressText } from './quantity.format';
import { selectorText } from './rule.printer';
import { NONE } from './table';
import { formatDuration, formatTime, until } from './time.format';

/** A described field: a value on its line, or fields indented below it. Undefined values are left out. */
export type Field = readonly [label: string, value: string | readonly Field[] | undefined];

/** kubectl describe's layout: `Label:` then the value, aligned per level; nested fields two spaces in. */
export function renderFields(fields: readonly Field[], indent = 0): string {
  const shown = fields.filter(([, value]) => value !== undefined);
  const width = Math.max(0, ...shown.filter(([, v]) => typeof v === 'string').map(([label]) => label.length + 1));
  return shown
    .map(([label, value]) => {
      const pad = ' '.repeat(indent);
      if (typeof value === 'string') return `${pad}${`${label}:`.padEnd(width)}  ${value}`.trimEnd() + '\n';
      return `${pad}${label}:\n${renderFields(value as readonly Field[], indent + 2)}`;
    })
    .join('');
}

/** `2026-11-26 07:00:00 UTC (30m ago)`. */
const when = (iso: string | undefined, now: Date): string | undefined =>
  iso ? `${formatTime(iso)} (${Date.parse(iso) <= now.getTime() ? `${formatDuration(now.getTime() - Date.parse(iso))} ago` : until(iso, now)})` : undefined;

const head = (kind: string, apiVersion: string | undefined, meta: { name: string; namespace?: string }): Field[] => [
  ['Name', meta.name],
  ['Namespace', meta.namespace],
  ['Kind', kind],
  ['API version', apiVersion],
];

export function describeClusterPair(p: ClusterPairView, now: Date): string {
  return renderFields([
    ...head('ClusterPair', p.apiVersion, p.metadata),
    ['Created', when(p.metadata.creationTimestamp, now)],
    ['Mode', p.status.mode === 'sync' ? 'sync (metro: storage stretched across both domains)' : 'async (volumes through the object store)'],
    ['Status', p.status.state],
    ['Reason', p.status.reason ?? (p.status.state === 'Ready' ? undefined : NONE)],
    ['Checked', when(p.status.checkedAt, now)],
    ['Spec', valueFields(p.spec)],
  ]);
}

export function describeRule(r: RuleView, now: Date): string {
  return renderFields([
    ...head('Rule', r.apiVersion, r.metadata),
    ['Created', when(r.metadata.creationTimestamp, now)],
    [
      'Rules',
      r.rules.map((item, i): Field => [
        `#${i + 1}`,
        [
          ['Pods', selectorText(item.podSelector)],
          ['Container', item.container],
          ['Actions', item.actions.map((a, j): Field => [`#${j + 1}`, `${a.value}  (${actionTraits(a).join(', ')})`])],
        ],
      ]),
    ],
  ]);
}

function actionTraits(a: RuleView['rules'][number]['actions'][number]): string[] {
  return [
    a.background ? 'background: holds until the snapshot is taken' : 'foreground',
    a.runInSinglePod ? 'in one pod' : 'in every pod',
    ...(a.timeout !== undefined ? [`timeout ${a.timeout}`] : a.timeoutMs !== undefined ? [`timeout ${formatDuration(a.timeoutMs)}`] : []),
    ...(a.retries !== undefined ? [`retries ${a.retries}`] : []),
  ];
}

export function describePolicy(p: PolicyView, now: Date): string {
  const { interval, daily, weekly, monthly, timeZone } = p.policy;
  const retain = (r: number | undefined): string => (r === undefined ? '' : `, keeps ${r}`);
  return renderFields([
    ...head('SchedulePolicy', p.apiVersion, p),
    ['Created', when(p.createdAt, now)],
    ['Updated', p.updatedAt !== p.createdAt ? when(p.updatedAt, now) : undefined],
    ['Used by', `${p.usedBy} migration schedule${p.usedBy === 1 ? '' : 's'}`],
    ['Time zone', timeZone ?? 'UTC'],
    ['Interval', interval ? `every ${formatDuration((interval.intervalSeconds ?? (interval.intervalMinutes ?? 0) * 60) * 1000)}${retain(interval.retain)}` : undefined],
    ['Daily', daily ? `at ${daily.time}${retain(daily.retain)}` : undefined],
    ['Weekly', weekly ? `${weekly.day} at ${weekly.time}${retain(weekly.retain)}` : undefined],
    ['Monthly', monthly ? `day ${monthly.date} at ${monthly.time}${retain(monthly.retain)}` : undefined],
  ]);
}

export function describeSchedule(s: ScheduleView, now: Date): string {
  const next = Object.entries(s.status.nextFire).filter((e): e is [string, string] => typeof e[1] === 'string');
  const last = Object.entries(s.status.lastRuns).filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined);
  const suspendedSince = s.status.suspendedAt ? ` (since ${formatTime(s.status.suspendedAt)})` : '';
  return renderFields([
    ...head('MigrationSchedule', s.apiVersion, s),
    ['Created', when(s.createdAt, now)],
    ['Schedule policy', s.schedulePolicyName],
    ['Cluster pair', s.template.clusterPair],
    ['Namespaces', s.template.namespaces.join(', ') || NONE],
    ['Suspended', s.status.suspended ? `true${suspendedSince}` : 'false'],
    ['Auto suspend', String(s.autoSuspend)],
    ['Next runs', s.status.suspended ? 'none while suspended' : next.length ? next.map(([type, at]): Field => [type, when(at, now)]) : NONE],
    ['Last runs', last.length ? last.map(([type, m]): Field => [type, `${m.name}  ${m.status}${m.reason ? `: ${m.reason}` : ''}  (${formatTime(m.firedAt)})`]) : 'none yet'],
    ['Skipped runs', String(s.status.skippedRuns)],
    ['Last error', s.status.lastError],
  ]);
}

export function describeMigration(m: MigrationRow, now: Date): string {
  return renderFields([
    ...head('Migration', 'tandem.dev/v1alpha1', m),
    ['Schedule', m.schedule ?? 'none (a one-off Migration)'],
    ['Cluster pair', m.clusterPair ?? NONE],
    ['Stage', m.stage],
    ['Step', m.run?.step],
    ['Status', m.status],
    ['Reason', m.reason ?? (m.status === 'Failed' || m.status === 'PartialSuccess' ? NONE : undefined)],
    ['Volumes', progressText(m.volumes)],
    ['Resources', progressText(m.resources)],
    ['Bytes', m.bytes?.uploaded !== undefined ? `${bytesText(m.bytes)} (${formatBytes(m.bytes.uploaded)} uploaded)` : bytesText(m.bytes)],
    ['Snapshot taken', when(m.run?.takenAt, now)],
    ['Created', when(m.createdAt, now)],
    ['Finished', when(m.finishedAt, now)],
    ['Elapsed', formatDuration(m.elapsedMs)],
    ['Fired', m.scheduled ? `${m.scheduled.policyType} run of policy ${m.scheduled.schedulePolicy} at ${formatTime(m.scheduled.firedAt)}` : undefined],
    ['Missed runs covered', m.scheduled && m.scheduled.missed > 0 ? String(m.scheduled.missed) : undefined],
    ['Progress', m.run ? undefined : 'not picked up by the coordinator yet'],
  ]);
}

/** Fields that carry credentials (a Stork pair's inline kubeconfig, Portworx's token): described as hidden. */
const SECRET_KEY = /(^|[-_])(token|password)$|key-data$|certificate-data$|^secret$/i;

/** Any JSON value as fields: objects by key (kubectl's `Creation Timestamp` style), lists numbered, credentials hidden. */
export function valueFields(value: unknown): string | Field[] {
  if (value === null || value === undefined) return NONE;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return value.length ? value.map(String).join(', ') : NONE;
    return value.map((v, i): Field => [`#${i + 1}`, valueFields(v)]);
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return NONE;
    return entries.map(([key, v]): Field => [titleOf(key), SECRET_KEY.test(key) && v !== '' ? '(hidden; get -o yaml shows it)' : valueFields(v)]);
  }
  return String(value);
}

/** `clusterDomain` → `Cluster Domain`, `client-key-data` stays as written. */
const titleOf = (key: string): string => (/^[a-z][a-zA-Z0-9]*$/.test(key) ? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()) : key);
