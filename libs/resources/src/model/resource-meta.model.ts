/** The API versions a DR document may be written under. Both are read into the same models. */
export const STORK_API_VERSION = 'stork.libopenstorage.org/v1alpha1';
export const TANDEM_API_VERSION = 'tandem.dev/v1alpha1';
export const DR_API_VERSIONS = [TANDEM_API_VERSION, STORK_API_VERSION] as const;
export type DrApiVersion = (typeof DR_API_VERSIONS)[number];

/** The kinds a person writes as YAML. (Activating a cluster domain is a command, not a kind.) */
export const DR_KINDS = ['ClusterPair', 'SchedulePolicy', 'MigrationSchedule', 'Migration', 'Rule'] as const;
export type DrKind = (typeof DR_KINDS)[number];

/** The part of `metadata` Tandem keeps; server-set fields (uid, resourceVersion, …) are dropped on read. */
export interface ResourceMeta {
  name: string;
  /** Set for every namespaced kind (from the document, the caller's default, or `default`); a SchedulePolicy keeps one only if the document gave it. */
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** What every DR resource has: its kind, the API version it was read under (output defaults to it), its metadata. */
export interface ResourceBase<K extends DrKind> {
  kind: K;
  apiVersion: DrApiVersion;
  metadata: ResourceMeta;
}
