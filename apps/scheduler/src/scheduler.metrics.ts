import { counter, histogram } from '@tandem/observability';

/** The scheduler's Prometheus metrics (served at `/metrics`). */
export const firingLagSeconds = () =>
  histogram(
    'tandem_scheduler_firing_lag_seconds',
    "From a run's fire time to its migration row committed (a catch-up run counts from the newest fire time it stands for)",
    ['policy_type'],
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  );

export const runsFired = () => counter('tandem_scheduler_runs_fired_total', 'Migrations started by schedules', ['policy_type']);

export const runsSkipped = () =>
  counter('tandem_scheduler_runs_skipped_total', "Due runs not started because the schedule's previous migration had not finished", ['policy_type', 'reason']);

export const runsMissed = () =>
  counter('tandem_scheduler_runs_missed_total', 'Fire times lost to downtime, caught up by one run each time', ['policy_type']);

export const firingFailures = () => counter('tandem_scheduler_firing_failures_total', 'Schedules that could not be fired (see the log and the schedule status)', []);

export const migrationsFinished = () => counter('tandem_scheduler_migrations_finished_total', 'Scheduled migrations that ended, by status', ['status']);

export const migrationsExpired = () => counter('tandem_scheduler_migrations_expired_total', "Finished migrations deleted by their policy's retain", ['policy_type']);
