import { MigrationSpec } from './migration-spec.model';
import { ResourceBase } from './resource-meta.model';

/**
 * Where a migration is: `Initial` (created, nothing run yet; Stork writes it as ""), `PreExecRule` (pre rules and the
 * group snapshot), `Volumes` (post rules, then volume replication), `Applications` (resources applied on the
 * destination), `Final` (done, whatever the outcome).
 */
export const MIGRATION_STAGES = ['Initial', 'PreExecRule', 'Volumes', 'Applications', 'Final'] as const;
export type MigrationStage = (typeof MIGRATION_STAGES)[number];

/**
 * How it went, for the migration and for each resource and volume: `Pending` (not started; Stork's "" too),
 * `InProgress`, `Successful`, `PartialSuccess` (finished, some resources or volumes failed), `Failed` (with a reason).
 */
export const MIGRATION_STATUSES = ['Pending', 'InProgress', 'Successful', 'PartialSuccess', 'Failed'] as const;
export type MigrationStatusValue = (typeof MIGRATION_STATUSES)[number];

export interface MigrationResourceStatus {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
  status: MigrationStatusValue;
  reason: string;
}

export interface MigrationVolumeStatus {
  persistentVolumeClaim: string;
  namespace: string;
  volume: string;
  status: MigrationStatusValue;
  bytesTotal: number;
  /** Tandem: bytes replicated so far. */
  bytesDone?: number;
  reason: string;
}

/** Stork's summary field names. */
export interface MigrationSummary {
  totalNumberOfVolumes: number;
  numOfMigratedVolumes: number;
  totalNumberOfResources: number;
  numOfMigratedResources: number;
  totalBytesMigrated: number;
  elapsedTimeForVolumeMigration?: string;
  elapsedTimeForResourceMigration?: string;
}

export interface MigrationStatus {
  stage: MigrationStage;
  status: MigrationStatusValue;
  /** Why it failed or partly failed. */
  reason?: string;
  resources: MigrationResourceStatus[];
  volumes: MigrationVolumeStatus[];
  /** RFC 3339 times. */
  startTimestamp?: string;
  finishTimestamp?: string;
  volumeMigrationFinishTimestamp?: string;
  resourceMigrationFinishTimestamp?: string;
  summary?: MigrationSummary;
}

/** One migration run (fired by a schedule, or created by hand). */
export interface Migration extends ResourceBase<'Migration'> {
  spec: MigrationSpec;
  /** Output only: the state the migration service reports. */
  status?: MigrationStatus;
}
