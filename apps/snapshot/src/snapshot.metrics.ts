import { histogram } from '@tandem/observability';

/** The snapshot service's Prometheus metrics (served at `/metrics`). */
export const groupSnapshotSeconds = () =>
  histogram(
    'tandem_group_snapshot_seconds',
    'How long a group snapshot took, from the pre rule to the end of the post rule, by the stage it stopped at (Done when it succeeded)',
    ['stage'],
    [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  );
