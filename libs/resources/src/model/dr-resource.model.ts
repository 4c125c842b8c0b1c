import { ClusterPair } from './cluster-pair.model';
import { Migration } from './migration.model';
import { MigrationSchedule } from './migration-schedule.model';
import { Rule } from './rule.model';
import { SchedulePolicy } from './schedule-policy.model';

/** Any DR resource, discriminated by `kind`. */
export type DrResource = ClusterPair | SchedulePolicy | MigrationSchedule | Migration | Rule;
