import type { ResourceProblem } from '@tandem/resources';

/**
 * What the scheduler's HTTP API answers (apps/scheduler/src/api/views.ts), as far as tandemctl reads it. Times are
 * RFC 3339 strings.
 */
export type PolicyType = 'interval' | 'daily' | 'weekly' | 'monthly';

export interface PolicyView {
  name: string;
  namespace?: string;
  apiVersion: string;
  /** The policy as it fires, defaults written out. */
  policy: {
    timeZone?: string;
    interval?: { intervalMinutes?: number; intervalSeconds?: number; retain?: number };
    daily?: { time: string; retain?: number };
    weekly?: { day: string; time: string; retain?: number };
    monthly?: { date: number; time: string; retain?: number };
  };
  /** The document as applied. */
  manifest: Record<string, unknown>;
  usedBy: number;
  createdAt: string;
  updatedAt: string;
}

export interface MigrationView {
  name: string;
  namespace: string;
  schedule: string;
  schedulePolicy: string;
  policyType: PolicyType;
  firedAt: string;
  missed: number;
  covers: PolicyType[];
  status: 'Pending' | 'InProgress' | 'Successful' | 'PartialSuccess' | 'Failed';
  reason?: string;
  createdAt: string;
  finishedAt?: string;
}

export interface ScheduleView {
  name: string;
  namespace: string;
  apiVersion: string;
  schedulePolicyName: string;
  template: { clusterPair: string; namespaces: string[] };
  suspend: boolean;
  autoSuspend: boolean;
  manifest: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  status: {
    suspended: boolean;
    suspendedAt?: string;
    resumedAt?: string;
    nextFire: Partial<Record<PolicyType, string>>;
    lastRuns: Partial<Record<PolicyType, MigrationView>>;
    skippedRuns: number;
    lastError?: string;
  } & Record<string, unknown>;
}

export interface AppliedView {
  kind: 'SchedulePolicy' | 'MigrationSchedule';
  name: string;
  namespace?: string;
  action: 'created' | 'configured' | 'unchanged';
}

export interface ApplyAnswer {
  applied: AppliedView[];
  warnings: ResourceProblem[];
}
