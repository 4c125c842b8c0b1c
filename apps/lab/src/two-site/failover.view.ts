/** What `POST /v1/failovers` on the failover service of the site taking over answers (202). */
export interface FailoverStarted {
  failover: string;
  sagaId: string;
  input: Record<string, unknown>;
}

/** What the lab asks the failover service for; namespace and migrationSchedule default to the lab's appns-protect. */
export interface FailoverRequest {
  namespace?: string;
  migrationSchedule?: string;
  includeNamespaces?: string[];
  excludeNamespaces?: string[];
  skipSourceOperations?: boolean;
  releaseTimeoutSeconds?: number;
  readyTimeoutSeconds?: number;
}

/** A failover (one run of the failover saga) as the coordinator of the site taking over shows it. */
export interface FailoverView {
  name: string;
  namespace: string;
  schedule: string;
  sourceDomain: string;
  destinationDomain: string;
  namespaces: string[];
  /** The current or failed step (probe-source, prepare-source, fence-source, activate-destination, activate-application), `Done` when completed. */
  stage: string;
  status: 'InProgress' | 'Successful' | 'RolledBack' | 'Failed' | string;
  reason?: string;
  sourceReachable?: boolean;
  /** Whether the source was stopped cleanly (prepare-source done). */
  sourceStopped?: boolean;
  lastMigration?: unknown;
  workloads?: { kind: string; namespace: string; name: string; replicas?: number; ready?: number }[];
  /** The failover's duration, ended − created, when Successful. */
  rtoSeconds?: number;
  createdAt: string;
  finishedAt?: string;
}

/** A protected application as the failover service of its destination site learnt it from the migrations' ends. */
export interface ProtectedApplicationView {
  namespace: string;
  schedule: string;
  clusterPair?: string;
  sourceDomain: string;
  destinationDomain: string;
  /** When the newest successful migration's snapshot was taken. */
  takenAt?: string;
  [field: string]: unknown;
}
