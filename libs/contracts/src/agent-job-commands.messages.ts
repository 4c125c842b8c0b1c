import { recoveryPointIdSchema, requestIdSchema, volumeName } from './agent-identity.schema';
import { defineMessage } from './message-definition';
import { sagaRefSchema } from './saga-ref';
import { arr, int, obj, opt, str } from './schema';
import { repositoryRefSchema, storeRefSchema } from './store-ref.schema';
import { numIn } from './union.schema';

/**
 * The agent's data commands. Each is routed to one cluster domain's agents, carries the domain epoch it was sent
 * under (refused when stale), a `requestId` (the same id is one job, however often it is sent), and a `sagaRef`
 * when a saga sent it. The agent accepts the command at once and runs the job in the background; the job's
 * result is a `…-succeeded` or `…-failed` event, with `progress` events while it runs.
 */
export const AGENT_JOB_KINDS = [
  'back-up-volumes',
  'restore-recovery-point',
  'verify-recovery-point',
  'apply-retention',
  'collect-garbage',
] as const;
export type AgentJobKind = (typeof AGENT_JOB_KINDS)[number];

/** Accepted → Running → Succeeded | Failed. A job left Running by a stopped agent runs on when it starts. */
export const AGENT_JOB_STATUSES = ['Accepted', 'Running', 'Succeeded', 'Failed'] as const;
export type AgentJobStatus = (typeof AGENT_JOB_STATUSES)[number];

const jobCommon = {
  requestId: requestIdSchema,
  epoch: int({ min: 0 }),
  sagaRef: opt(sagaRefSchema),
  store: storeRefSchema,
  repository: repositoryRefSchema,
};

export const BackUpVolumes = defineMessage({
  kind: 'command',
  service: 'agent',
  name: 'back-up-volumes',
  version: 1,
  scoped: true,
  description: "Back up the volumes of a group snapshot into the store: one recovery point per volume.",
  schema: obj({
    ...jobCommon,
    groupSnapshotId: str({ max: 128, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ }),
    volumes: arr(obj({ name: volumeName }), { max: 1_000 }),
  }),
});

export const RestoreRecoveryPoint = defineMessage({
  kind: 'command',
  service: 'agent',
  name: 'restore-recovery-point',
  version: 1,
  scoped: true,
  description: 'Restore a recovery point of a volume into a target volume (built beside it, swapped in at the end).',
  schema: obj({ ...jobCommon, volume: volumeName, recoveryPointId: recoveryPointIdSchema, targetVolume: volumeName }),
});

export const VerifyRecoveryPoint = defineMessage({
  kind: 'command',
  service: 'agent',
  name: 'verify-recovery-point',
  version: 1,
  scoped: true,
  description: 'Check that a recovery point is whole: its manifest and (a sample of) its chunks, hash by hash.',
  schema: obj({ ...jobCommon, volume: volumeName, recoveryPointId: recoveryPointIdSchema, sample: opt(numIn(0, 1, { exclusiveMin: true })) }),
});

export const ApplyRetention = defineMessage({
  kind: 'command',
  service: 'agent',
  name: 'apply-retention',
  version: 1,
  scoped: true,
  description: "Keep a volume's newest `retain` recovery points and remove the older ones.",
  schema: obj({ ...jobCommon, volume: volumeName, retain: int({ min: 1, max: 100_000 }) }),
});

export const CollectGarbage = defineMessage({
  kind: 'command',
  service: 'agent',
  name: 'collect-garbage',
  version: 1,
  scoped: true,
  description: 'Delete chunks no recovery point references and that are older than the grace period.',
  schema: obj({ ...jobCommon, graceSeconds: int({ min: 0, max: 365 * 24 * 3600 }) }),
});

export const AGENT_JOB_COMMANDS = {
  'back-up-volumes': BackUpVolumes,
  'restore-recovery-point': RestoreRecoveryPoint,
  'verify-recovery-point': VerifyRecoveryPoint,
  'apply-retention': ApplyRetention,
  'collect-garbage': CollectGarbage,
} as const;
