import { stringify } from 'yaml';
import { type DrResource, parseResourceDocuments, toManifest, toYaml } from '@tandem/resources';
import type { MigrationView, PolicyView, ScheduleView } from '../http/scheduler.views';

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
