import type { AgentJobKind, AgentJobStatus, ApplyRetention, BackUpVolumes, CollectGarbage, DataOf, RestoreRecoveryPoint, SagaRef, VerifyRecoveryPoint } from '@tandem/contracts';

/** The data of a job's command, by kind. */
export interface JobCommands {
  'back-up-volumes': DataOf<typeof BackUpVolumes>;
  'restore-recovery-point': DataOf<typeof RestoreRecoveryPoint>;
  'verify-recovery-point': DataOf<typeof VerifyRecoveryPoint>;
  'apply-retention': DataOf<typeof ApplyRetention>;
  'collect-garbage': DataOf<typeof CollectGarbage>;
}
export type JobCommand = JobCommands[AgentJobKind];

/** Someone waiting for a job's result: the command that asked, and its saga step when a saga asked. */
export interface JobWaiter {
  commandId: string;
  sagaRef?: SagaRef;
  correlationid?: string;
}

export interface JobProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface Job {
  requestId: string;
  kind: AgentJobKind;
  status: AgentJobStatus;
  domain: string;
  node: string;
  epoch: number;
  commandId: string;
  command: JobCommand;
  waiters: JobWaiter[];
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  /** What a job recorded to resume from (a back-up's finished volumes). */
  checkpoint?: unknown;
  progress: JobProgress;
  output?: unknown;
  reason?: string;
  retryable?: boolean;
  acceptedAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export type JobOutcome = { ok: true; output: unknown } | { ok: false; reason: string; retryable: boolean };

export const isOpen = (status: AgentJobStatus): boolean => status === 'Accepted' || status === 'Running';
