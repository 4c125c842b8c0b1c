import { AGENT_JOB_KINDS } from './agent-job-commands.messages';
import { domainName, nodeName, recoveryPointIdSchema, requestIdSchema, volumeName } from './agent-identity.schema';
import { defineMessage, MessageDefinition } from './message-definition';
import { sagaRefSchema } from './saga-ref';
import { arr, bool, int, isoTime, num, obj, oneOf, opt, str } from './schema';
import type { Schema } from './schema';

/** Who answers: the job's request, the saga step that asked (echoed), and the agent that did the work. */
const answerCommon = { requestId: requestIdSchema, sagaRef: opt(sagaRefSchema), domain: domainName, node: nodeName };

const succeeded = <T>(name: string, description: string, output: Schema<T>) =>
  defineMessage({ kind: 'event', service: 'agent', name, version: 1, description, schema: obj({ ...answerCommon, output }) });

const failed = (name: string, description: string) =>
  defineMessage({
    kind: 'event',
    service: 'agent',
    name,
    version: 1,
    description,
    schema: obj({ ...answerCommon, reason: str({ max: 4000 }), retryable: bool() }),
  });

export const BackUpVolumesSucceeded = succeeded(
  'back-up-volumes-succeeded',
  'Every volume of the group snapshot is a recovery point in the store.',
  obj({
    groupSnapshotId: str({ max: 128 }),
    recoveryPoints: arr(
      obj({ volume: volumeName, recoveryPointId: recoveryPointIdSchema, files: int({ min: 0 }), bytes: int({ min: 0 }), bytesUploaded: int({ min: 0 }) }),
      { max: 1_000 },
    ),
  }),
);
export const BackUpVolumesFailed = failed('back-up-volumes-failed', 'A group snapshot could not be backed up.');

export const RestoreRecoveryPointSucceeded = succeeded(
  'restore-recovery-point-succeeded',
  'The target volume holds the recovery point, every hash checked.',
  obj({
    volume: volumeName,
    recoveryPointId: recoveryPointIdSchema,
    targetVolume: volumeName,
    files: int({ min: 0 }),
    bytes: int({ min: 0 }),
    // Read from the object store; the rest came from the target's previous content (the last restore there).
    bytesFetched: opt(int({ min: 0 })),
  }),
);
export const RestoreRecoveryPointFailed = failed('restore-recovery-point-failed', 'A recovery point could not be restored; the target volume is unchanged.');

export const VerifyRecoveryPointSucceeded = succeeded(
  'verify-recovery-point-succeeded',
  'A recovery point was checked and is whole.',
  obj({ volume: volumeName, recoveryPointId: recoveryPointIdSchema, sample: num(), chunksChecked: int({ min: 0 }), chunksTotal: int({ min: 0 }), bytesChecked: int({ min: 0 }) }),
);
export const VerifyRecoveryPointFailed = failed('verify-recovery-point-failed', 'A recovery point is damaged or could not be checked; the reason names what.');

export const ApplyRetentionSucceeded = succeeded(
  'apply-retention-succeeded',
  "A volume's recovery points beyond `retain` were removed.",
  obj({ volume: volumeName, retain: int({ min: 1 }), kept: arr(recoveryPointIdSchema, { max: 100_000 }), removed: arr(recoveryPointIdSchema, { max: 100_000 }) }),
);
export const ApplyRetentionFailed = failed('apply-retention-failed', 'Retention could not be applied.');

export const CollectGarbageSucceeded = succeeded(
  'collect-garbage-succeeded',
  'Unreferenced chunks older than the grace period were deleted.',
  obj({
    manifests: int({ min: 0 }),
    chunksReferenced: int({ min: 0 }),
    /** Unreferenced chunks scheduled for deletion by this run (deleted by a later one, after the grace period). */
    chunksMarked: int({ min: 0 }),
    chunksDeleted: int({ min: 0 }),
    bytesFreed: int({ min: 0 }),
    /** Deletions put off: too young, or a backup that may rely on them is still running. */
    listsDeferred: int({ min: 0 }),
  }),
);
export const CollectGarbageFailed = failed('collect-garbage-failed', 'Garbage collection could not finish; nothing referenced was deleted.');

export const AgentJobProgress = defineMessage({
  kind: 'event',
  service: 'agent',
  name: 'progress',
  version: 1,
  description: 'How far a running job is: bytes and files done of the total (at most about one per second per job).',
  schema: obj({
    requestId: requestIdSchema,
    kind: oneOf(AGENT_JOB_KINDS),
    domain: domainName,
    node: nodeName,
    bytesDone: int({ min: 0 }),
    bytesTotal: int({ min: 0 }),
    filesDone: int({ min: 0 }),
    filesTotal: int({ min: 0 }),
    at: isoTime(),
  }),
});

/** The success and failure answer of each kind of job. */
export const AGENT_JOB_RESULTS = {
  'back-up-volumes': { succeeded: BackUpVolumesSucceeded, failed: BackUpVolumesFailed },
  'restore-recovery-point': { succeeded: RestoreRecoveryPointSucceeded, failed: RestoreRecoveryPointFailed },
  'verify-recovery-point': { succeeded: VerifyRecoveryPointSucceeded, failed: VerifyRecoveryPointFailed },
  'apply-retention': { succeeded: ApplyRetentionSucceeded, failed: ApplyRetentionFailed },
  'collect-garbage': { succeeded: CollectGarbageSucceeded, failed: CollectGarbageFailed },
} as const satisfies Record<(typeof AGENT_JOB_KINDS)[number], { succeeded: MessageDefinition<unknown>; failed: MessageDefinition<unknown> }>;
