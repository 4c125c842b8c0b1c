/** A failover as the coordinator shows it (GET /v1/failovers). */
export interface FailoverView {
  name: string;
  namespace: string;
  schedule: string;
  sourceDomain: string;
  destinationDomain: string;
  namespaces: string[];
  /** probe-source, prepare-source, fence-source, activate-destination, activate-application (running or failed), or Done. */
  stage: string;
  status: 'InProgress' | 'Successful' | 'RolledBack' | 'Failed';
  reason?: string;
  sourceReachable?: boolean;
  sourceStopped: boolean;
  lastMigration?: { name: string; status: string; takenAt?: string; reason?: string };
  workloads: { kind: string; namespace: string; name: string; replicas: number; ready: number }[];
  rtoSeconds?: number;
  createdAt: string;
  finishedAt?: string;
}

/** What POST /v1/failovers asks of the failover service. */
export interface FailoverRequest {
  namespace: string;
  migrationSchedule: string;
  includeNamespaces?: string[];
  excludeNamespaces?: string[];
  skipSourceOperations: boolean;
}

/** The failover service's answer to POST /v1/failovers: the failover's name, its saga, and the saga's input. */
export interface FailoverAccepted {
  failover: string;
  sagaId: string;
  input?: { namespace?: string; sourceDomain?: string; destinationDomain?: string; namespaces?: string[] };
}

/** A started failover, as tandemctl prints it. */
export interface FailoverStarted {
  name: string;
  namespace: string;
  sourceDomain?: string;
  destinationDomain?: string;
  namespaces?: string[];
}
