import { MigrationSpec } from './migration-spec.model';
import { ResourceBase } from './resource-meta.model';

export interface MigrationSchedule extends ResourceBase<'MigrationSchedule'> {
  /** `spec.template.spec`: what each migration the schedule fires does. */
  template: MigrationSpec;
  schedulePolicyName: string;
  /** No migration is fired while suspended. Default false. */
  suspend: boolean;
  /** Suspend the schedule when the application is activated on the destination (a failover happened). Default false. */
  autoSuspend: boolean;
}

export const MIGRATION_SCHEDULE_DEFAULTS = { suspend: false, autoSuspend: false } as const;
