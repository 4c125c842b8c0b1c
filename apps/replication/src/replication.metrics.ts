import { counter, gauge } from '@tandem/observability';

/** The replication service's Prometheus metrics (served at `/metrics`). */
export const restoresFinished = () =>
  counter('tandem_replication_restores_finished_total', 'Restores on the destination that ended, by status (Succeeded, Failed)', ['status']);

export const recoveryPointsCommitted = () => counter('tandem_replication_recovery_points_committed_total', 'Recovery points recorded as committed', []);

export const rpoAlerts = () => counter('tandem_replication_rpo_alerts_total', 'RpoExceeded alerts sent (one per application and newest recovery point)', []);

/** Labels of an application's RPO. */
export type RpoLabels = 'namespace' | 'schedule' | 'cluster_pair';

export const rpoSeconds = () =>
  gauge<RpoLabels>(
    'tandem_rpo_seconds',
    "Recovery point objective of each application (namespace and migration schedule): now minus the snapshot time of its newest committed recovery point, computed at scrape time",
    ['namespace', 'schedule', 'cluster_pair'],
  );
