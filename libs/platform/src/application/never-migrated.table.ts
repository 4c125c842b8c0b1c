import { groupOf, type KubeObject } from '../model/kube-object';
import { groupKindKey, type GroupKind } from './kube-kinds';

/**
 * What collection never migrates, in one list (docs/platform.md renders it). Types marked `listed: false` are not
 * even read; the others are read so that each object is reported as skipped, with its reason.
 */
export interface NeverMigratedType extends GroupKind {
  listed: boolean;
  reason: string;
}

export const NEVER_MIGRATED_TYPES: readonly NeverMigratedType[] = [
  { group: '', kind: 'Event', listed: false, reason: 'a record of what happened at the source; the destination records its own' },
  { group: 'events.k8s.io', kind: 'Event', listed: false, reason: 'a record of what happened at the source; the destination records its own' },
  { group: '', kind: 'Endpoints', listed: false, reason: "written by the site's endpoints controller from its Services and Pods" },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice', listed: false, reason: "written by the site's endpoint slice controller from its Services and Pods" },
  { group: 'coordination.k8s.io', kind: 'Lease', listed: false, reason: 'leader election and heartbeats of processes running at the source' },
  { group: 'apps', kind: 'ControllerRevision', listed: false, reason: 'revision history the StatefulSet and DaemonSet controllers write; the destination keeps its own' },
  { group: 'metrics.k8s.io', kind: 'PodMetrics', listed: false, reason: 'measurements of the source, not objects' },
  { group: 'storage.k8s.io', kind: 'CSIStorageCapacity', listed: false, reason: "written by CSI drivers for the source's storage" },
  {
    group: '',
    kind: 'Pod',
    listed: true,
    reason: 'Pods are created by their workloads on the destination; a Pod that no workload owns is bound to a source node and cannot be kept stopped while the application is inactive, so run it from a Deployment, StatefulSet or Job',
  },
];

/** Single objects of migrated types that are never migrated. */
export interface NeverMigratedObject {
  /** Which objects, as docs/platform.md says it. */
  which: string;
  reason: string;
  matches(object: KubeObject): boolean;
}

export const NEVER_MIGRATED_OBJECTS: readonly NeverMigratedObject[] = [
  {
    which: 'the `kube-root-ca.crt` ConfigMap of every namespace',
    reason: "written by the site's root CA publisher into every namespace; the destination writes its own",
    matches: (object) => groupOf(object.apiVersion) === '' && object.kind === 'ConfigMap' && object.metadata.name === 'kube-root-ca.crt',
  },
  {
    which: 'any object being deleted (with a `deletionTimestamp`)',
    reason: 'being deleted at the source',
    matches: (object) => object.metadata.deletionTimestamp !== undefined,
  },
];

const BY_KIND = new Map(NEVER_MIGRATED_TYPES.map((entry) => [groupKindKey(entry), entry]));

export function neverMigratedType(kind: GroupKind): NeverMigratedType | undefined {
  return BY_KIND.get(groupKindKey(kind));
}

export function neverMigratedObject(object: KubeObject): NeverMigratedObject | undefined {
  return NEVER_MIGRATED_OBJECTS.find((entry) => entry.matches(object));
}

/** The list as the Markdown rows of docs/platform.md. */
export function renderNeverMigratedTable(): string {
  const rows = [
    ...NEVER_MIGRATED_TYPES.map((entry) => `| every \`${entry.kind}\`${entry.group === '' ? '' : ` (${entry.group})`} | ${entry.reason} |`),
    ...NEVER_MIGRATED_OBJECTS.map((entry) => `| ${entry.which} | ${entry.reason} |`),
  ];
  return ['| what | why |', '| --- | --- |', ...rows].join('\n');
}
