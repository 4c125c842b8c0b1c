import { domainName, recoveryPointIdSchema, volumeName } from './agent-identity.schema';
import { labelNameSchema, objectNameSchema } from './kubernetes-names.schema';
import { defineMessage } from './message-definition';
import { namespacedNameSchema, protectAnswerCommon, protectCommandCommon, protectFailure } from './protect-common.schema';
import { arr, int, isoTime, num, obj, opt, str } from './schema';
import { repositoryRefSchema, storeRefSchema } from './store-ref.schema';

/**
 * Restore a group snapshot's recovery points into the application's volumes on the destination, through the agents
 * of the destination's cluster domain, so that a later failover finds the data in place and needs no restore.
 */
export const RestoreOnDestination = defineMessage({
  kind: 'command',
  service: 'replication',
  name: 'restore-on-destination',
  version: 1,
  description: "Restore each recovery point into its target volume through the destination domain's agents; answers once all are done.",
  schema: obj({
    ...protectCommandCommon,
    destinationDomain: domainName,
    /** The destination domain's epoch the restores are sent under. */
    epoch: int({ min: 0 }),
    store: storeRefSchema,
    repository: repositoryRefSchema,
    restores: arr(
      obj({ claim: namespacedNameSchema, volume: volumeName, recoveryPointId: recoveryPointIdSchema, targetVolume: volumeName }),
      { max: 1_000 },
    ),
  }),
});

export const RestoredOnDestination = defineMessage({
  kind: 'event',
  service: 'replication',
  name: 'restored-on-destination',
  version: 1,
  description: 'Every target volume on the destination holds its recovery point, every hash checked.',
  schema: obj({
    ...protectAnswerCommon,
    output: obj({
      restores: arr(
        obj({
          claim: namespacedNameSchema,
          targetVolume: volumeName,
          recoveryPointId: recoveryPointIdSchema,
          bytes: int({ min: 0 }),
          /** Read from the store; the rest was already in the target from the previous restore. */
          bytesFetched: int({ min: 0 }),
        }),
        { max: 1_000 },
      ),
    }),
  }),
});

export const RestoreOnDestinationFailed = defineMessage({
  kind: 'event',
  service: 'replication',
  name: 'restore-on-destination-failed',
  version: 1,
  description: 'A recovery point could not be restored on the destination; the reason names the volume. Targets not restored are unchanged.',
  schema: obj(protectFailure),
});

/** The application a recovery point belongs to: a migration schedule (its namespace and name) and its pair. */
const applicationFields = {
  namespace: labelNameSchema,
  schedule: objectNameSchema,
  clusterPair: objectNameSchema,
};

/** Record a recovery point as committed: the application's RPO now counts from its snapshot time. */
export const CommitRecoveryPoint = defineMessage({
  kind: 'command',
  service: 'replication',
  name: 'commit-recovery-point',
  version: 1,
  description: "Record a group snapshot as the application's newest recovery point on the destination (idempotent by migration).",
  schema: obj({
    ...protectCommandCommon,
    ...applicationFields,
    migration: labelNameSchema,
    groupSnapshotId: opt(str({ max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ })),
    /** When the group snapshot was taken: the data point the recovery point stands for. */
    takenAt: isoTime(),
    /** The schedule's interval, for the RPO alert (twice this); absent for calendar schedules (a day is assumed). */
    intervalSeconds: opt(int({ min: 1 })),
    volumes: arr(
      obj({ claim: namespacedNameSchema, recoveryPointId: recoveryPointIdSchema, bytes: int({ min: 0 }), bytesUploaded: int({ min: 0 }) }),
      { max: 1_000 },
    ),
  }),
});

export const RecoveryPointCommitted = defineMessage({
  kind: 'event',
  service: 'replication',
  name: 'recovery-point-committed',
  version: 1,
  description: "An application's newest recovery point, and its RPO at the moment of the commit.",
  schema: obj({
    ...protectAnswerCommon,
    output: obj({ ...applicationFields, migration: labelNameSchema, takenAt: isoTime(), rpoSeconds: num() }),
  }),
});

export const CommitRecoveryPointFailed = defineMessage({
  kind: 'event',
  service: 'replication',
  name: 'commit-recovery-point-failed',
  version: 1,
  description: 'A recovery point could not be recorded.',
  schema: obj(protectFailure),
});

export const RpoExceeded = defineMessage({
  kind: 'event',
  service: 'replication',
  name: 'rpo-exceeded',
  version: 1,
  description: "Alert: an application's RPO is more than twice its schedule's interval (emitted once per newest recovery point).",
  schema: obj({
    ...applicationFields,
    rpoSeconds: num(),
    limitSeconds: int({ min: 1 }),
    /** The newest recovery point's snapshot time; absent when the application has none yet. */
    newestRecoveryPointAt: opt(isoTime()),
    at: isoTime(),
  }),
});
