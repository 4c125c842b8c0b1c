/** What one migration moves and how: a Migration's `spec`, a MigrationSchedule's `spec.template.spec`. */
export interface MigrationSpec {
  clusterPair: string;
  namespaces: string[];
  /** Only resources carrying all these labels (default: all). */
  selectors: Record<string, string>;
  /** Tandem (and newer Stork): leave out resources carrying all these labels. */
  excludeSelectors: Record<string, string>;
  includeResources: boolean;
  includeVolumes: boolean;
  startApplications: boolean;
  purgeDeletedResources: boolean;
  preExecRule?: string;
  postExecRule?: string;
  includeOptionalResourceTypes: string[];
}

/** Stork's defaults (pkg/migration/controllers/migration.go, `setDefaults`). */
export const MIGRATION_SPEC_DEFAULTS = {
  includeResources: true,
  includeVolumes: true,
  startApplications: false,
  purgeDeletedResources: false,
} as const;
