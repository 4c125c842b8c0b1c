import { Migration, MigrationStatus } from '../model/migration.model';
import { MigrationSchedule } from '../model/migration-schedule.model';
import { MigrationSpec } from '../model/migration-spec.model';

type Json = Record<string, unknown>;

/** Every boolean written out, so the document says what will happen without knowing the defaults. */
export function migrationSpecObject(spec: MigrationSpec): Json {
  return {
    clusterPair: spec.clusterPair,
    namespaces: spec.namespaces,
    ...(Object.keys(spec.selectors).length ? { selectors: spec.selectors } : {}),
    ...(Object.keys(spec.excludeSelectors).length ? { excludeSelectors: spec.excludeSelectors } : {}),
    includeResources: spec.includeResources,
    includeVolumes: spec.includeVolumes,
    startApplications: spec.startApplications,
    purgeDeletedResources: spec.purgeDeletedResources,
    ...(spec.preExecRule ? { preExecRule: spec.preExecRule } : {}),
    ...(spec.postExecRule ? { postExecRule: spec.postExecRule } : {}),
    ...(spec.includeOptionalResourceTypes.length ? { includeOptionalResourceTypes: spec.includeOptionalResourceTypes } : {}),
  };
}

export function migrationScheduleSpec(schedule: MigrationSchedule): Json {
  return {
    template: { spec: migrationSpecObject(schedule.template) },
    schedulePolicyName: schedule.schedulePolicyName,
    suspend: schedule.suspend,
    autoSuspend: schedule.autoSuspend,
  };
}

/** Stork writes a migration nothing has happened to yet with an empty stage. */
export function migrationStatusObject(status: MigrationStatus, storkStages: boolean): Json {
  return {
    ...status,
    stage: storkStages && status.stage === 'Initial' ? '' : status.stage,
  };
}

export function migrationBody(migration: Migration, storkStages: boolean): Json {
  return {
    spec: migrationSpecObject(migration.spec),
    ...(migration.status ? { status: migrationStatusObject(migration.status, storkStages) } : {}),
  };
}
