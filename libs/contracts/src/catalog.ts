import { AgentHeartbeat } from './agent-heartbeat.messages';
import { DomainEpochSet, SetDomainEpoch } from './agent-fencing.messages';
import { ApplyRetention, BackUpVolumes, CollectGarbage, RestoreRecoveryPoint, VerifyRecoveryPoint } from './agent-job-commands.messages';
import { AGENT_JOB_RESULTS, AgentJobProgress } from './agent-job-results.messages';
import { LatencyMeasured } from './agent-latency.messages';
import { MessageFailed } from './bus.messages';
import {
  ActivateApplications,
  ActivateApplicationsFailed,
  ApplicationsActivated,
  DomainActiveSet,
  PrepareSourceForFailover,
  PrepareSourceForFailoverFailed,
  ProbeSite,
  ProbeSiteFailed,
  RestoreSourceAfterFailover,
  RestoreSourceAfterFailoverFailed,
  SetDomainActive,
  SetDomainActiveFailed,
  SiteProbed,
  SourcePreparedForFailover,
  SourceRestoredAfterFailover,
} from './failover.messages';
import { ClusterPairResolved, ResolveClusterPair, ResolveClusterPairFailed } from './cluster-pair.messages';
import { DomainActivated, DomainDeactivated } from './cluster-domain.messages';
import {
  DestinationVolumesPrepared,
  MigrateResources,
  MigrateResourcesFailed,
  PrepareDestinationVolumes,
  PrepareDestinationVolumesFailed,
  ResourcesMigrated,
} from './migration.messages';
import {
  CommitRecoveryPoint,
  CommitRecoveryPointFailed,
  RecoveryPointCommitted,
  RestoredOnDestination,
  RestoreOnDestination,
  RestoreOnDestinationFailed,
  RpoExceeded,
} from './replication.messages';
import { GroupSnapshotFailed, GroupSnapshotTaken, TakeGroupSnapshot } from './snapshot.messages';
import { MessageCatalog } from './message-definition';
import { MigrationFinished } from './migration-run.messages';
import { SagaCompensated, SagaCompleted, SagaFailed, SagaStarted, StartSaga } from './saga.messages';
import { MigrationExpired, MigrationRequested, MigrationSkipped } from './scheduler.messages';
import { RunSelfTestStep, SelfTestStepFailed, SelfTestStepSucceeded } from './selftest.messages';

/** Every message of this build. A consumer rejects any type not listed here, with the reason. */
export const CATALOG = new MessageCatalog([
  MessageFailed,
  StartSaga,
  SagaStarted,
  SagaCompleted,
  SagaCompensated,
  SagaFailed,
  RunSelfTestStep,
  SelfTestStepSucceeded,
  SelfTestStepFailed,
  AgentHeartbeat,
  SetDomainEpoch,
  DomainEpochSet,
  LatencyMeasured,
  BackUpVolumes,
  RestoreRecoveryPoint,
  VerifyRecoveryPoint,
  ApplyRetention,
  CollectGarbage,
  ...Object.values(AGENT_JOB_RESULTS).flatMap((r) => [r.succeeded, r.failed]),
  AgentJobProgress,
  MigrationRequested,
  MigrationSkipped,
  MigrationExpired,
  MigrationFinished,
  ResolveClusterPair,
  ClusterPairResolved,
  ResolveClusterPairFailed,
  DomainDeactivated,
  DomainActivated,
  TakeGroupSnapshot,
  GroupSnapshotTaken,
  GroupSnapshotFailed,
  RestoreOnDestination,
  RestoredOnDestination,
  RestoreOnDestinationFailed,
  CommitRecoveryPoint,
  RecoveryPointCommitted,
  CommitRecoveryPointFailed,
  RpoExceeded,
  PrepareDestinationVolumes,
  DestinationVolumesPrepared,
  PrepareDestinationVolumesFailed,
  MigrateResources,
  ResourcesMigrated,
  MigrateResourcesFailed,
  ProbeSite,
  SiteProbed,
  ProbeSiteFailed,
  PrepareSourceForFailover,
  SourcePreparedForFailover,
  PrepareSourceForFailoverFailed,
  RestoreSourceAfterFailover,
  SourceRestoredAfterFailover,
  RestoreSourceAfterFailoverFailed,
  SetDomainActive,
  DomainActiveSet,
  SetDomainActiveFailed,
  ActivateApplications,
  ApplicationsActivated,
  ActivateApplicationsFailed,
]);

/** Every pair of answers (success, failure) to the commands of the protect path. */
const PROTECT_ANSWERS = [
  [ClusterPairResolved, ResolveClusterPairFailed],
  [GroupSnapshotTaken, GroupSnapshotFailed],
  [RestoredOnDestination, RestoreOnDestinationFailed],
  [RecoveryPointCommitted, CommitRecoveryPointFailed],
  [DestinationVolumesPrepared, PrepareDestinationVolumesFailed],
  [ResourcesMigrated, MigrateResourcesFailed],
  [SiteProbed, ProbeSiteFailed],
  [SourcePreparedForFailover, PrepareSourceForFailoverFailed],
  [SourceRestoredAfterFailover, RestoreSourceAfterFailoverFailed],
  [DomainActiveSet, SetDomainActiveFailed],
  [ApplicationsActivated, ActivateApplicationsFailed],
] as const;

/** The events that answer a saga's command, and what each means for the step. */
export const SAGA_REPLIES: ReadonlyMap<string, 'succeeded' | 'failed'> = new Map([
  [SelfTestStepSucceeded.type, 'succeeded'],
  [SelfTestStepFailed.type, 'failed'],
  [DomainEpochSet.type, 'succeeded'],
  ...Object.values(AGENT_JOB_RESULTS).flatMap((r): [string, 'succeeded' | 'failed'][] => [
    [r.succeeded.type, 'succeeded'],
    [r.failed.type, 'failed'],
  ]),
  ...PROTECT_ANSWERS.flatMap(([ok, failed]): [string, 'succeeded' | 'failed'][] => [
    [ok.type, 'succeeded'],
    [failed.type, 'failed'],
  ]),
]);
