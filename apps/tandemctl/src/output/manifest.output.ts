import { stringify } from 'yaml';
import { type DrResource, formatDuration, parseResourceDocuments, toManifest, toYaml } from '@tandem/resources';
import type { ApplicationView, ClusterPairView, RuleView } from '../http/protect.views';
import type { MigrationView, PolicyView, ScheduleView } from '../http/scheduler.views';
import type { MigrationRow } from './migration-rows';

/** One object as `-o yaml` and `-o json` print it: the document as applied (so it can be applied again) and its status. */
export interface Printable {
  /** The resource read back from the service's manifest; undefined when it cannot be (then `object` is printed as is). */
  resource?: DrResource;
  object: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** A SchedulePolicy has no status (it would not be read back); `get sp` shows who uses it. */
export function policyPrintable(view: PolicyView): Printable {
  return readBack(view.manifest);
}

/** The schedule as it is now: `spec.suspend` says whether it is suspended, also after `tandemctl suspend`. */
export function schedulePrintable(view: ScheduleView): Printable {
  const read = readBack(view.manifest);
  const resource = read.resource?.kind === 'MigrationSchedule' ? { ...read.resource, suspend: view.suspend } : read.resource;
  return { ...(resource ? { resource } : {}), object: resource ? toManifest(resource) : read.object, status: view.status };
}

export function migrationPrintable(view: MigrationView): Printable {
  const { name, namespace, ...status } = view;
  return { object: { apiVersion: 'tandem.dev/v1alpha1', kind: 'Migration', metadata: { name, namespace } }, status };
}

/** The coordinator's run with, where the scheduler has it, how it was fired (policy type, missed runs). */
export function migrationRowPrintable(row: MigrationRow): Printable {
  if (!row.run) return migrationPrintable(row.scheduled!);
  const { name, namespace, ...run } = row.run;
  const fired = row.scheduled ? { schedulePolicy: row.scheduled.schedulePolicy, policyType: row.scheduled.policyType, firedAt: row.scheduled.firedAt, missed: row.scheduled.missed } : {};
  return { object: { apiVersion: 'tandem.dev/v1alpha1', kind: 'Migration', metadata: { name, namespace } }, status: { ...run, ...fired } };
}

/** The pair as applied (it reads back as the document) and the failover service's check of it. */
export function clusterPairPrintable(view: ClusterPairView): Printable {
  const { status, ...document } = view;
  const read = readBack({ apiVersion: view.apiVersion, kind: view.kind, metadata: documentMetadata(view.metadata), spec: view.spec });
  return { ...(read.resource ? { resource: read.resource } : {}), object: read.resource ? read.object : document, status };
}

/** The rule as a document: the stored `timeoutMs` written back as the `timeout` a person writes. */
export function rulePrintable(view: RuleView): Printable {
  const rules = view.rules.map((item) => ({
    ...item,
    actions: item.actions.map(({ timeoutMs, ...action }) => ({ ...action, ...(timeoutMs !== undefined && action.timeout === undefined ? { timeout: formatDuration(timeoutMs) } : {}) })),
  }));
  return readBack({ apiVersion: view.apiVersion, kind: view.kind, metadata: documentMetadata(view.metadata), rules });
}

/** Not a document one applies: the replication service's view as it is. */
export function applicationPrintable(view: ApplicationView): Printable {
  return { object: { ...view } };
}

/** What a person writes in `metadata` (the server's creationTimestamp left out). */
function documentMetadata(m: ClusterPairView['metadata']): Record<string, unknown> {
  return { name: m.name, namespace: m.namespace, ...(m.labels && Object.keys(m.labels).length ? { labels: m.labels } : {}), ...(m.annotations && Object.keys(m.annotations).length ? { annotations: m.annotations } : {}) };
}

function readBack(manifest: Record<string, unknown>): { resource?: DrResource; object: Record<string, unknown> } {
  const parsed = parseResourceDocuments(JSON.stringify(manifest));
  const resource = parsed.problems.length === 0 ? parsed.resources[0] : undefined;
  return { ...(resource ? { resource } : {}), object: manifest };
}

/** Documents separated by `---`, which `tandemctl apply -f` (and Stork) read back; status is ignored on apply. */
export function toYamlOutput(items: readonly Printable[]): string {
  return items
    .map((item) => {
      const body = item.resource ? toYaml(item.resource) : stringify(item.object, { version: '1.1', lineWidth: 0 });
      return item.status ? body + stringify({ status: item.status }, { version: '1.1', lineWidth: 0 }) : body;
    })
    .join('---\n');
}

/** One object, or a kubectl-style `List` of them when listing. */
export function toJsonOutput(items: readonly Printable[], single: boolean): string {
  const objects = items.map((item) => ({ ...item.object, ...(item.status ? { status: item.status } : {}) }));
  const value = single && objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects };
  return `${JSON.stringify(value, null, 2)}\n`;
}
