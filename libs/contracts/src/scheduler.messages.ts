import { labelNameSchema, objectNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { arr, bool, int, isoTime, obj, oneOf, opt, record, str } from './schema';
import type { Infer } from './schema';

/**
 * The kinds of schedule in a SchedulePolicy; each fires on its own.
 * interval  every N minutes (or seconds), on a fixed grid from the schedule's creation time
 * daily     every day at a time of day
 * weekly    on one day of the week at a time of day
 * monthly   on one date of the month at a time of day
 */
export const SCHEDULE_POLICY_TYPES = ['interval', 'daily', 'weekly', 'monthly'] as const;
export type SchedulePolicyType = (typeof SCHEDULE_POLICY_TYPES)[number];

/**
 * The status of a migration a schedule started.
 * Pending         requested, not started yet
 * InProgress      running
 * Successful      finished; everything was migrated
 * PartialSuccess  finished; some resources or volumes failed (the reason says which)
 * Failed          finished; nothing usable was migrated (the reason says why)
 */
export const MIGRATION_STATUSES = ['Pending', 'InProgress', 'Successful', 'PartialSuccess', 'Failed'] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];
/** The statuses a migration ends in. */
export const MIGRATION_END_STATUSES = ['Successful', 'PartialSuccess', 'Failed'] as const;
export type MigrationEndStatus = (typeof MIGRATION_END_STATUSES)[number];

/** A MigrationSchedule, by namespace and name. */
export const scheduleRefSchema = obj({ namespace: labelNameSchema, name: objectNameSchema });
export type ScheduleRef = Infer<typeof scheduleRefSchema>;

const labels = record(str({ min: 0, max: 63 }));

/** What one migration moves and how: a MigrationSchedule's `spec.template.spec`, with Stork's defaults written out. */
export const migrationTemplateSchema = obj({
  clusterPair: objectNameSchema,
  namespaces: arr(labelNameSchema, { max: 1_000 }),
  selectors: labels,
  excludeSelectors: labels,
  includeResources: bool(),
  includeVolumes: bool(),
  startApplications: bool(),
  purgeDeletedResources: bool(),
  preExecRule: opt(objectNameSchema),
  postExecRule: opt(objectNameSchema),
  includeOptionalResourceTypes: arr(str({ max: 253 }), { max: 100 }),
});
export type MigrationTemplate = Infer<typeof migrationTemplateSchema>;

export const MigrationRequested = defineMessage({
  kind: 'event',
  service: 'scheduler',
  name: 'migration-requested',
  version: 1,
  description:
    'A schedule fired: run this migration. Emitted once per fire time however many schedulers run; carries the template, so the consumer needs no lookup.',
  schema: obj({
    /** The migration's name, `<schedule>-<policy type>-<YYYY-MM-DD-HHMMSS>` (UTC); it lives in the schedule's namespace. */
    migration: labelNameSchema,
    schedule: scheduleRefSchema,
    schedulePolicy: objectNameSchema,
    policyType: oneOf(SCHEDULE_POLICY_TYPES),
    /** The fire time this run stands for (not when the scheduler noticed it). */
    firedAt: isoTime(),
    /** Fire times since the previous run that got no run of their own (downtime); 0 when on time. */
    missed: int({ min: 0 }),
    firstMissedAt: opt(isoTime()),
    /** Other schedule types due at the same time, which this run serves too. */
    covers: arr(oneOf(SCHEDULE_POLICY_TYPES), { max: 3 }),
    /** The policy's interval when it has one: how old the newest recovery point may grow before RPO is alerted (twice this). */
    intervalSeconds: opt(int({ min: 1 })),
    template: migrationTemplateSchema,
  }),
});

/** Why a due run was not started. `migration-in-progress`: the schedule's previous migration has not finished. */
export const MIGRATION_SKIP_REASONS = ['migration-in-progress'] as const;

export const MigrationSkipped = defineMessage({
  kind: 'event',
  service: 'scheduler',
  name: 'migration-skipped',
  version: 1,
  description: 'A schedule was due but started nothing (one migration at a time): the reason, and the migration in the way.',
  schema: obj({
    schedule: scheduleRefSchema,
    policyType: oneOf(SCHEDULE_POLICY_TYPES),
    firedAt: isoTime(),
    missed: int({ min: 0 }),
    reason: oneOf(MIGRATION_SKIP_REASONS),
    /** The same, for a person. */
    message: str({ max: 1_000 }),
    blockingMigration: opt(labelNameSchema),
  }),
});

export const MigrationExpired = defineMessage({
  kind: 'event',
  service: 'scheduler',
  name: 'migration-expired',
  version: 1,
  description: "A finished migration fell out of its policy's retain and was deleted: its recovery points may go too.",
  schema: obj({
    migration: labelNameSchema,
    schedule: scheduleRefSchema,
    policyType: oneOf(SCHEDULE_POLICY_TYPES),
    firedAt: isoTime(),
    status: oneOf(MIGRATION_END_STATUSES),
    finishedAt: opt(isoTime()),
    /** The retain of the policy type that expired it. */
    retain: int({ min: 1 }),
  }),
});
