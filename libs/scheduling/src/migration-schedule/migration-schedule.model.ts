/**
 * Protect an application (its namespaces, narrowed by label selectors) to a cluster pair, on a schedule policy.
 * Each firing is a migration. Field meanings and defaults are Stork's (MigrationSpec / MigrationScheduleSpec).
 */
export interface MigrationSchedule {
  name: string;
  namespace: string;
  /** The ClusterPair to migrate to. */
  clusterPair: string;
  /** The namespaces of the application. */
  namespaces: string[];
  /** Only resources with all these labels. */
  selectors?: Record<string, string>;
  /** Not resources with any of these labels. */
  excludeSelectors?: Record<string, string>;
  /** Migrate the application's configuration (its resources). Default true. */
  includeResources: boolean;
  /** Migrate the application's volumes (PVC data). Default true. */
  includeVolumes: boolean;
  /** Start the application on the destination; when false its workloads are migrated at 0 replicas. Default false. */
  startApplications: boolean;
  /** Delete on the destination what was deleted on the source since the last migration. Default false. */
  purgeDeletedResources: boolean;
  /** Rule run before the group snapshot (e.g. to quiesce a database). */
  preExecRule?: string;
  /** Rule run after the group snapshot. */
  postExecRule?: string;
  /** The SchedulePolicy that says when it fires. */
  schedulePolicyName: string;
  /** Do not fire while true. Default false. */
  suspend: boolean;
  /**
   * Suspend this schedule on its own when the application is activated on the destination (a failover), so the
   * old source does not overwrite it. Default false: Stork's CRD field is a plain boolean, false when left out
   * (`storkctl create migrationschedule` sets it to true unless given --disable-auto-suspend).
   */
  autoSuspend: boolean;
}

/** Stork's defaults (`setDefaults` in pkg/migration/controllers/migration.go; `suspend` and `autoSuspend` unset). */
export const MIGRATION_SCHEDULE_DEFAULTS = {
  includeResources: true,
  includeVolumes: true,
  startApplications: false,
  purgeDeletedResources: false,
  suspend: false,
  autoSuspend: false,
} as const satisfies Partial<MigrationSchedule>;
