import { createHash } from 'node:crypto';
import {
  BackUpVolumes,
  CommitRecoveryPoint,
  DataOf,
  int,
  isoTime,
  labelNameSchema,
  MigrateResources,
  MigrationFinished,
  migrationTemplateSchema,
  obj,
  objectNameSchema,
  oneOf,
  opt,
  PrepareDestinationVolumes,
  ResolveClusterPair,
  RestoreOnDestination,
  SCHEDULE_POLICY_TYPES,
  TakeGroupSnapshot,
  type ClusterPairResolved,
  type BackUpVolumesSucceeded,
  type DestinationVolumesPrepared,
  type GroupSnapshotTaken,
  type Infer,
  type RecoveryPointCommitted,
  type RestoredOnDestination,
  type ResourcesMigrated,
} from '@tandem/contracts';
import { defineStepSaga, type StepContext, type StepSagaEnd } from './step-saga';

/**
 * One migration, as the saga's input: a run of a migration schedule (what the scheduler's `migration-requested`
 * says), or a one-off `Migration` document (no schedule, policy or policy type).
 */
export const protectInput = obj({
  migration: labelNameSchema,
  /** The schedule's (or the one-off Migration's) namespace: where its ClusterPair and Rules are, and where the migration is named. */
  namespace: labelNameSchema,
  /** The schedule that fired it; absent for a one-off migration. */
  schedule: opt(objectNameSchema),
  schedulePolicy: opt(objectNameSchema),
  policyType: opt(oneOf(SCHEDULE_POLICY_TYPES)),
  firedAt: isoTime(),
  intervalSeconds: opt(int({ min: 1 })),
  template: migrationTemplateSchema,
});
export type ProtectInput = Infer<typeof protectInput>;

/**
 * The stages of a migration, as Stork names them: Initial (the pair is resolved), PreExecRule (rules and the group
 * snapshot), Volumes (back-up, destination volumes, restore, recovery point), Applications (resources), Final.
 */
export const MIGRATION_STAGES = ['Initial', 'PreExecRule', 'Volumes', 'Applications', 'Final'] as const;
export type MigrationStage = (typeof MIGRATION_STAGES)[number];

export const PROTECT_STEPS = {
  'resolve-pair': 'Initial',
  'group-snapshot': 'PreExecRule',
  'back-up-volumes': 'Volumes',
  'prepare-destination-volumes': 'Volumes',
  'restore-on-destination': 'Volumes',
  'commit-recovery-point': 'Volumes',
  'migrate-resources': 'Applications',
} as const satisfies Record<string, MigrationStage>;
export type ProtectStep = keyof typeof PROTECT_STEPS;

/** What each step answered, by step. */
export interface ProtectOutputs {
  'resolve-pair'?: DataOf<typeof ClusterPairResolved>['output'];
  'group-snapshot'?: DataOf<typeof GroupSnapshotTaken>['output'];
  'back-up-volumes'?: DataOf<typeof BackUpVolumesSucceeded>['output'];
  'prepare-destination-volumes'?: DataOf<typeof DestinationVolumesPrepared>['output'];
  'restore-on-destination'?: DataOf<typeof RestoredOnDestination>['output'];
  'commit-recovery-point'?: DataOf<typeof RecoveryPointCommitted>['output'];
  'migrate-resources'?: DataOf<typeof ResourcesMigrated>['output'];
}

/** The saga id of a migration: readable when it fits, a digest of it when it does not (ids are at most 64 characters). */
export function protectSagaId(namespace: string, migration: string): string {
  const plain = `protect_${namespace}_${migration}`;
  if (plain.length <= 64) return plain;
  return `protect_${createHash('sha256').update(`${namespace}/${migration}`).digest('hex').slice(0, 40)}`;
}

const outputsOf = (ctx: StepContext<ProtectInput>): ProtectOutputs => ctx.outputs as ProtectOutputs;

/** The resolved pair; every step after `resolve-pair` has it. */
function pair(ctx: StepContext<ProtectInput>): NonNullable<ProtectOutputs['resolve-pair']> {
  const resolved = outputsOf(ctx)['resolve-pair'];
  if (!resolved) throw new Error(`migration ${ctx.input.migration}: the cluster pair was not resolved before a step that needs it`);
  return resolved;
}

/** The store and repository of an async pair; a step that moves data cannot run without them. */
function storeOf(ctx: StepContext<ProtectInput>) {
  const resolved = pair(ctx);
  if (!resolved.store || !resolved.repository) throw new Error(`cluster pair ${resolved.namespace}/${resolved.name} has no object store: it is a metro pair and moves no volume data`);
  return { store: resolved.store, repository: resolved.repository };
}

/** Whether this run moves volume data: the schedule asks for it, the pair is async, and the snapshot captured volumes. */
function movesVolumes(ctx: StepContext<ProtectInput>): boolean {
  const snapshot = outputsOf(ctx)['group-snapshot'];
  return ctx.input.template.includeVolumes && pair(ctx).mode === 'async' && (snapshot?.volumes.length ?? 0) > 0;
}

const requestId = (ctx: StepContext<ProtectInput>, step: ProtectStep) => `${ctx.sagaId}.${step}`;

/** Which application, and how to reach the destination: what both migration service commands carry. */
function applicationOnDestination(ctx: StepContext<ProtectInput>) {
  const t = ctx.input.template;
  return {
    clusterPair: t.clusterPair,
    clusterPairNamespace: ctx.input.namespace,
    destinationAccess: pair(ctx).destinationAccess,
    namespaces: t.namespaces,
    selectors: t.selectors,
    excludeSelectors: t.excludeSelectors,
  };
}
const claimKey = (c: { namespace: string; name: string }) => `${c.namespace}/${c.name}`;

const HOUR_MS = 3_600_000;

/**
 * The protect saga: one migration of an application to a cluster pair's destination (ARCHITECTURE §4):
 * resolve the pair → pre rule, group snapshot, post rule → back up the snapshot into the pair's store (source
 * agents) → make sure the claims exist on the destination → restore into the destination volumes (destination
 * agents, so a failover finds the data in place) → commit the recovery point (RPO) → migrate the resources with
 * the workloads kept at 0 replicas. Each command is keyed by saga and step, so a retry or a redelivery is the same
 * piece of work. Nothing needs undoing when a step fails: the destination keeps the previous recovery point, and
 * the post rule ran inside the snapshot step. When it ends, `migration-finished` says how it went.
 */
export const PROTECT_SAGA = defineStepSaga<ProtectInput>({
  name: 'protect',
  input: protectInput,
  steps: [
    {
      name: 'resolve-pair',
      command: (ctx) => ({
        message: ResolveClusterPair,
        data: { requestId: requestId(ctx, 'resolve-pair'), namespace: ctx.input.namespace, name: ctx.input.template.clusterPair },
      }),
      timeoutMs: 30_000,
      retry: { maxAttempts: 5, backoffMs: [2_000, 5_000, 10_000] },
    },
    {
      name: 'group-snapshot',
      command: (ctx) => {
        const t = ctx.input.template;
        return {
          message: TakeGroupSnapshot,
          data: {
            requestId: requestId(ctx, 'group-snapshot'),
            runId: ctx.input.migration,
            namespaces: t.namespaces,
            selectors: t.selectors,
            excludeSelectors: t.excludeSelectors,
            includeVolumes: t.includeVolumes && pair(ctx).mode === 'async',
            ruleNamespace: ctx.input.namespace,
            ...(t.preExecRule ? { preExecRule: t.preExecRule } : {}),
            ...(t.postExecRule ? { postExecRule: t.postExecRule } : {}),
          },
        };
      },
      skip: (ctx) => !(ctx.input.template.includeVolumes && pair(ctx).mode === 'async') && !ctx.input.template.preExecRule && !ctx.input.template.postExecRule,
      timeoutMs: 15 * 60_000,
      retry: { maxAttempts: 3, backoffMs: [5_000, 15_000] },
    },
    {
      name: 'back-up-volumes',
      command: (ctx) => {
        const snapshot = outputsOf(ctx)['group-snapshot']!;
        return {
          message: BackUpVolumes,
          scope: pair(ctx).sourceDomain,
          data: {
            requestId: requestId(ctx, 'back-up-volumes'),
            epoch: pair(ctx).sourceEpoch,
            ...storeOf(ctx),
            groupSnapshotId: snapshot.groupSnapshotId,
            volumes: snapshot.volumes.map((v) => ({ name: v.snapshotVolume })),
          },
        };
      },
      skip: (ctx) => !movesVolumes(ctx),
      timeoutMs: 6 * HOUR_MS,
      retry: { maxAttempts: 3, backoffMs: [10_000, 60_000] },
    },
    {
      name: 'prepare-destination-volumes',
      command: (ctx) => {
        return {
          message: PrepareDestinationVolumes,
          data: {
            requestId: requestId(ctx, 'prepare-destination-volumes'),
            ...applicationOnDestination(ctx),
            claims: outputsOf(ctx)['group-snapshot']!.volumes.map((v) => v.claim),
          },
        };
      },
      skip: (ctx) => !movesVolumes(ctx),
      timeoutMs: 10 * 60_000,
      retry: { maxAttempts: 3, backoffMs: [5_000, 30_000] },
    },
    {
      name: 'restore-on-destination',
      command: (ctx) => {
        const out = outputsOf(ctx);
        const points = new Map(out['back-up-volumes']!.recoveryPoints.map((rp) => [rp.volume, rp.recoveryPointId]));
        const targets = new Map(out['prepare-destination-volumes']!.volumes.map((v) => [claimKey(v.claim), v.volume]));
        const restores = out['group-snapshot']!.volumes.map((v) => {
          const recoveryPointId = points.get(v.snapshotVolume);
          const targetVolume = targets.get(claimKey(v.claim));
          if (!recoveryPointId || !targetVolume) throw new Error(`claim ${claimKey(v.claim)} has no recovery point or no destination volume`);
          return { claim: v.claim, volume: v.snapshotVolume, recoveryPointId, targetVolume };
        });
        return {
          message: RestoreOnDestination,
          data: {
            requestId: requestId(ctx, 'restore-on-destination'),
            destinationDomain: pair(ctx).destinationDomain,
            epoch: pair(ctx).destinationEpoch,
            ...storeOf(ctx),
            restores,
          },
        };
      },
      skip: (ctx) => !movesVolumes(ctx),
      timeoutMs: 6 * HOUR_MS,
      retry: { maxAttempts: 3, backoffMs: [10_000, 60_000] },
    },
    {
      name: 'commit-recovery-point',
      command: (ctx) => {
        const out = outputsOf(ctx);
        const snapshot = out['group-snapshot']!;
        const points = new Map(out['back-up-volumes']!.recoveryPoints.map((rp) => [rp.volume, rp]));
        return {
          message: CommitRecoveryPoint,
          data: {
            requestId: requestId(ctx, 'commit-recovery-point'),
            namespace: ctx.input.namespace,
            // A one-off migration keys its recovery points (and RPO) by its own name.
            schedule: ctx.input.schedule ?? ctx.input.migration,
            clusterPair: ctx.input.template.clusterPair,
            migration: ctx.input.migration,
            groupSnapshotId: snapshot.groupSnapshotId,
            takenAt: snapshot.takenAt,
            ...(ctx.input.intervalSeconds ? { intervalSeconds: ctx.input.intervalSeconds } : {}),
            volumes: snapshot.volumes.map((v) => {
              const rp = points.get(v.snapshotVolume)!;
              return { claim: v.claim, recoveryPointId: rp.recoveryPointId, bytes: rp.bytes, bytesUploaded: rp.bytesUploaded };
            }),
          },
        };
      },
      skip: (ctx) => !movesVolumes(ctx),
      timeoutMs: 60_000,
      retry: { maxAttempts: 5, backoffMs: [2_000, 10_000] },
    },
    {
      name: 'migrate-resources',
      command: (ctx) => {
        const t = ctx.input.template;
        return {
          message: MigrateResources,
          data: {
            requestId: requestId(ctx, 'migrate-resources'),
            ...applicationOnDestination(ctx),
            migration: ctx.input.migration,
            startApplications: t.startApplications,
            purgeDeletedResources: t.purgeDeletedResources,
            includeOptionalResourceTypes: t.includeOptionalResourceTypes,
          },
        };
      },
      skip: (ctx) => !ctx.input.template.includeResources,
      timeoutMs: 30 * 60_000,
      retry: { maxAttempts: 3, backoffMs: [5_000, 30_000] },
    },
  ],
  onEnd: (end) => [{ message: MigrationFinished, data: migrationFinished(end) }],
});

/** How a migration ended, as `migration-finished` reports it. */
export function migrationFinished(end: StepSagaEnd<ProtectInput>): DataOf<typeof MigrationFinished> {
  const out = end.outputs as ProtectOutputs;
  const pair = out['resolve-pair'];
  const snapshot = out['group-snapshot'];
  const t = end.input.template;
  const base = {
    migration: end.input.migration,
    namespace: end.input.namespace,
    finishedAt: end.at,
    // What was protected and where to: the destination's site imports this event and learns it.
    ...(end.input.schedule ? { schedule: end.input.schedule } : {}),
    clusterPair: t.clusterPair,
    ...(pair ? { sourceDomain: pair.sourceDomain, destinationDomain: pair.destinationDomain } : {}),
    namespaces: t.namespaces,
    selectors: t.selectors,
    ...(end.phase === 'Completed' && snapshot ? { takenAt: snapshot.takenAt } : {}),
  };
  if (end.phase !== 'Completed') return { ...base, status: 'Failed', reason: (end.failure ?? 'the migration did not complete').slice(0, 4_000) };
  const resources = out['migrate-resources'];
  if (resources && resources.failed > 0) {
    const failed = resources.resources.filter((r) => r.status === 'Failed');
    const listed = failed
      .slice(0, 10)
      .map((r) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.reason ?? 'failed'}`)
      .join('; ');
    const more = failed.length > 10 ? `; and ${failed.length - 10} more` : '';
    return { ...base, status: 'PartialSuccess', reason: `${resources.failed} of ${resources.total} resources failed: ${listed}${more}`.slice(0, 4_000) };
  }
  return { ...base, status: 'Successful' };
}
