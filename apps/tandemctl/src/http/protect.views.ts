import type { ResourceProblem } from '@tandem/resources';

/**
 * What the failover, snapshot, replication and coordinator HTTP APIs answer, as far as tandemctl reads them. Times
 * are RFC 3339 strings.
 */
export interface ViewMetadata {
  name: string;
  namespace: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** GET /v1/clusterpairs (failover). `spec` is the pair as applied (Tandem's or Stork's form). */
export interface ClusterPairView {
  apiVersion: string;
  kind: 'ClusterPair';
  metadata: ViewMetadata;
  spec: Record<string, unknown>;
  status: {
    state: 'Ready' | 'NotReady';
    /** Why it is not ready, and what to do. */
    reason?: string;
    mode: 'async' | 'sync';
    checkedAt: string;
  };
}

/** GET /v1/rules (snapshot). */
export interface RuleView {
  apiVersion: string;
  kind: 'Rule';
  metadata: ViewMetadata;
  rules: {
    podSelector: Record<string, string>;
    container?: string;
    /** The snapshot service answers the stored form, `timeoutMs`; a document writes `timeout` (`30s`). */
    actions: { type: string; value: string; background?: boolean; runInSinglePod?: boolean; timeout?: string; timeoutMs?: number; retries?: number }[];
  }[];
}

/** One protected application and its RPO (replication). */
export interface ApplicationView {
  namespace: string;
  schedule: string;
  clusterPair: string;
  /** The newest committed recovery point; absent before the first. */
  newestRecoveryPointAt?: string | null;
  newestMigration?: string | null;
  /** now − newestRecoveryPointAt; absent before the first recovery point. */
  rpoSeconds?: number | null;
  intervalSeconds?: number | null;
  limitSeconds?: number | null;
  recoveryPoints: number;
}

export interface Progress {
  done: number;
  total: number;
}

/** One run of the protect saga (coordinator). */
export interface SagaMigrationView {
  namespace: string;
  name: string;
  /** The schedule that fired it; absent for a one-off Migration. */
  schedule?: string;
  clusterPair: string;
  stage: 'Initial' | 'PreExecRule' | 'Volumes' | 'Applications' | 'Final';
  status: 'Pending' | 'InProgress' | 'Successful' | 'PartialSuccess' | 'Failed';
  reason?: string;
  /** The step running now (or the one that failed), e.g. `restore-on-destination`. */
  step?: string;
  volumes: Progress;
  resources: Progress;
  /** Of the group snapshot's bytes, `uploaded` are those the object store did not have yet. */
  bytes: Progress & { uploaded?: number };
  /** When the group snapshot was taken. */
  takenAt?: string;
  createdAt: string;
  finishedAt?: string;
  elapsedSeconds: number;
}

/** POST /v1/resources of the failover and snapshot services (the scheduler answers the same without `status`). */
export interface AppliedResource {
  kind: string;
  name: string;
  namespace?: string;
  action: 'created' | 'configured' | 'unchanged';
  /** The failover service's check of a pair it applied: `Ready`, `NotReady` (or an object saying so, with a reason). */
  status?: string | { state?: string; reason?: string };
}

export interface ResourcesAnswer {
  applied: AppliedResource[];
  warnings: ResourceProblem[];
}
