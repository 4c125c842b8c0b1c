import type { ApplicationView, ClusterPairView, RuleView, SagaMigrationView } from '../http/protect.views';
import type { MigrationView, ScheduleView } from '../http/scheduler.views';

/** Answers of the shapes the failover, snapshot, replication and coordinator APIs give, as builders for tests. */
export const clusterPairView = (over: Partial<Omit<ClusterPairView, 'status'>> & { name?: string; status?: Partial<ClusterPairView['status']> } = {}): ClusterPairView => {
  const { name = 'dr-site', status, ...rest } = over;
  return {
    apiVersion: 'tandem.dev/v1alpha1',
    kind: 'ClusterPair',
    metadata: { namespace: 'appns', name, creationTimestamp: '2026-11-26T07:00:00Z' },
    spec: {
      destination: { endpoints: ['https://tandem.dr-site.example.com:8443'], clusterDomain: 'dr-site', kubeconfigSecretRef: { name: 'dr-site-kubeconfig', key: 'kubeconfig' } },
      objectStore: { type: 's3', bucket: 'tandem-dr', region: 'us-east-1', prefix: 'appns', credentialsSecretRef: { name: 'tandem-dr-s3' } },
    },
    status: { state: 'Ready', mode: 'async', checkedAt: '2026-11-26T07:29:30Z', ...status },
    ...rest,
  };
};

export const ruleView = (name = 'pg-presnap'): RuleView => ({
  apiVersion: 'tandem.dev/v1alpha1',
  kind: 'Rule',
  metadata: { namespace: 'appns', name, creationTimestamp: '2026-11-26T07:10:00Z' },
  rules: [
    {
      podSelector: { app: 'postgres' },
      container: 'postgres',
      actions: [
        { type: 'command', value: 'psql -U postgres -c CHECKPOINT', background: false, runInSinglePod: false, timeoutMs: 30_000, retries: 2 },
        { type: 'command', value: 'sleep 1; ${WAIT_CMD}', background: true, runInSinglePod: true, timeoutMs: 90_000, retries: 0 },
      ],
    },
  ],
});

export const applicationView = (over: Partial<ApplicationView> = {}): ApplicationView => ({
  namespace: 'appns',
  schedule: 'migrationschedule',
  clusterPair: 'dr-site',
  newestRecoveryPointAt: '2026-11-26T07:28:00Z',
  newestMigration: 'migrationschedule-interval-2026-11-26-072800',
  rpoSeconds: 120,
  intervalSeconds: 60,
  limitSeconds: 300,
  recoveryPoints: 3,
  ...over,
});

export const sagaMigrationView = (over: Partial<SagaMigrationView> = {}): SagaMigrationView => ({
  namespace: 'appns',
  name: 'migrationschedule-interval-2026-11-26-072800',
  schedule: 'migrationschedule',
  clusterPair: 'dr-site',
  stage: 'Volumes',
  status: 'InProgress',
  volumes: { done: 1, total: 3 },
  resources: { done: 0, total: 12 },
  bytes: { done: 1_048_576, total: 3_145_728 },
  createdAt: '2026-11-26T07:28:00Z',
  elapsedSeconds: 95,
  ...over,
});

export const scheduledMigration = (over: Partial<MigrationView> = {}): MigrationView => ({
  name: 'migrationschedule-interval-2026-11-26-072900',
  namespace: 'appns',
  schedule: 'migrationschedule',
  schedulePolicy: 'sched-policy',
  policyType: 'interval',
  firedAt: '2026-11-26T07:29:00Z',
  missed: 0,
  covers: [],
  status: 'Pending',
  createdAt: '2026-11-26T07:29:00.120Z',
  ...over,
});

export const scheduleView = (over: Partial<ScheduleView> = {}): ScheduleView => ({
  name: 'migrationschedule',
  namespace: 'appns',
  apiVersion: 'stork.libopenstorage.org/v1alpha1',
  schedulePolicyName: 'sched-policy',
  template: { clusterPair: 'dr-site', namespaces: ['appns'] },
  suspend: false,
  autoSuspend: false,
  manifest: {},
  createdAt: '2026-11-26T07:00:00Z',
  updatedAt: '2026-11-26T07:00:00Z',
  status: { suspended: false, nextFire: { interval: '2026-11-26T07:30:48Z' }, lastRuns: {}, skippedRuns: 0 },
  ...over,
});
