import type { ObjectStore } from '@tandem/objectstore';

/** A repository to work on: the store it lives in and the master key that opens it. */
export interface RepositoryAccess {
  store: ObjectStore;
  masterKey: Buffer;
}

export interface WorkProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

/** What every piece of work gets: a signal to stop at (shutdown, or the epoch moved on) and a progress sink. */
export interface WorkContext {
  signal: AbortSignal;
  progress(report: WorkProgress): void;
}

export interface VolumeBackedUp {
  recoveryPointId: string;
  files: number;
  bytes: number;
  /** Bytes that had to be uploaded (the rest was in the store already). */
  bytesUploaded: number;
}

export interface VolumeRestored {
  files: number;
  bytes: number;
  /** Bytes read from the object store (unchanged chunks of the previous restore are read locally). */
  bytesFetched?: number;
  /** Chunks taken from the target's previous content instead of the store. */
  chunksLocal?: number;
}

export interface RecoveryPointVerified {
  chunksChecked: number;
  chunksTotal: number;
  bytesChecked: number;
}

export interface RetentionApplied {
  kept: string[];
  removed: string[];
}

export interface GarbageCollected {
  manifests: number;
  chunksReferenced: number;
  chunksMarked: number;
  chunksDeleted: number;
  bytesFreed: number;
  listsDeferred: number;
}

/**
 * The data path as the agent uses it: one call per kind of work. Each call is idempotent as a whole and resumable:
 * called again after an interruption (the agent killed, the store unreachable), it finds in the store what an
 * earlier call already uploaded and does not upload it again. A failure throws; `retryable: true` on the error
 * means trying again later may succeed (the store was unreachable), anything else fails the job.
 */
export interface DataMover {
  backUpVolume(repo: RepositoryAccess, req: { volume: string; path: string; groupSnapshotId: string }, ctx: WorkContext): Promise<VolumeBackedUp>;
  restore(repo: RepositoryAccess, req: { volume: string; recoveryPointId: string; targetPath: string }, ctx: WorkContext): Promise<VolumeRestored>;
  /** Throws when the recovery point is damaged, naming what (`chunk … is missing from the store`). */
  verify(repo: RepositoryAccess, req: { volume: string; recoveryPointId: string; sample: number }, ctx: WorkContext): Promise<RecoveryPointVerified>;
  applyRetention(repo: RepositoryAccess, req: { volume: string; retain: number }, ctx: WorkContext): Promise<RetentionApplied>;
  collectGarbage(repo: RepositoryAccess, req: { graceSeconds: number }, ctx: WorkContext): Promise<GarbageCollected>;
}

/** Injection token of the DataMover port. */
export const DATA_MOVER = Symbol('DATA_MOVER');
