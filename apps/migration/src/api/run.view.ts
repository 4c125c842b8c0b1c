import type { MigrationRun } from '../runs/migration-run';

/** A run as the API shows it. */
export function runView(run: MigrationRun) {
  const { answer } = run;
  return {
    requestId: run.requestId,
    kind: run.kind,
    outcome: run.outcome,
    ...(run.migration === undefined ? {} : { migration: run.migration }),
    ...(run.clusterPair === undefined ? {} : { clusterPair: run.clusterPair }),
    ...(answer.ok ? { output: answer.output } : { reason: answer.reason, retryable: answer.retryable }),
    resources: run.resources,
    volumes: run.volumes,
    attempts: run.attempts,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
  };
}
