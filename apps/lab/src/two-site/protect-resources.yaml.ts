/**
 * The DR resources the two-site lab declares, as a person would write them: the rules that make PostgreSQL's
 * snapshots application-consistent (for the snapshot service) and the schedule that protects the namespace (for
 * the scheduler).
 */

/**
 * `pg-presnap`: a CHECKPOINT, then a psql session holding `LOCK TABLE ledger IN SHARE MODE` (writes wait, reads
 * go on) until the snapshot is taken and `${WAIT_CMD}` returns. `pg-postsnap`: proof that the server still answers.
 */
export function ruleDocuments(namespace: string): string {
  return `apiVersion: stork.libopenstorage.org/v1alpha1
kind: Rule
metadata:
  name: pg-presnap
  namespace: ${namespace}
rules:
  - podSelector:
      app: pg
    actions:
      - type: command
        runInSinglePod: true
        value: psql -v ON_ERROR_STOP=1 -c CHECKPOINT
      - type: command
        background: true
        runInSinglePod: true
        value: psql -v ON_ERROR_STOP=1 -c 'BEGIN' -c 'LOCK TABLE ledger IN SHARE MODE' -c '\\! \${WAIT_CMD}' -c 'COMMIT'
---
apiVersion: stork.libopenstorage.org/v1alpha1
kind: Rule
metadata:
  name: pg-postsnap
  namespace: ${namespace}
rules:
  - podSelector:
      app: pg
    actions:
      - type: command
        runInSinglePod: true
        value: psql -v ON_ERROR_STOP=1 -c 'SELECT 1'
`;
}

export interface ScheduleSpec {
  namespace: string;
  clusterPair: string;
  policyName: string;
  intervalSeconds: number;
  retain: number;
  scheduleName: string;
  /** Whether the migrations copy the volumes (default true; false for a metro pair, whose volumes are stretched). */
  includeVolumes?: boolean;
}

/** The SchedulePolicy (`intervalSeconds` is Tandem's, so the documents are tandem.dev) and the MigrationSchedule. */
export function scheduleDocuments(spec: ScheduleSpec): string {
  return `apiVersion: tandem.dev/v1alpha1
kind: SchedulePolicy
metadata:
  name: ${spec.policyName}
policy:
  interval:
    intervalSeconds: ${spec.intervalSeconds}
    retain: ${spec.retain}
---
apiVersion: tandem.dev/v1alpha1
kind: MigrationSchedule
metadata:
  name: ${spec.scheduleName}
  namespace: ${spec.namespace}
spec:
  schedulePolicyName: ${spec.policyName}
  template:
    spec:
      clusterPair: ${spec.clusterPair}
      namespaces: [${spec.namespace}]
      includeResources: true
      includeVolumes: ${spec.includeVolumes ?? true}
      startApplications: false
      preExecRule: pg-presnap
      postExecRule: pg-postsnap
`;
}
