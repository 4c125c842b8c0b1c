import { ObjectStore } from '@tandem/objectstore';
import { Progress } from '../backup/progress.reporter';
import { RecoveryPointRef } from '../repository/repository-layout';

export interface RestoreOptions {
  readonly store: ObjectStore;
  /** The 32-byte master key. */
  readonly key: Uint8Array;
  /** The recovery point: its manifest key (as `backup` returns it) or volume and id. */
  readonly recoveryPoint: RecoveryPointRef;
  /** The directory to replace. Its parent must exist; the target itself need not. */
  readonly target: string;
  /**
   * The recovery point the target holds now (the previous restore of the same volume). Chunks of its files are
   * read from the target instead of the store when their keyed hash still matches.
   */
  readonly previous?: RecoveryPointRef;
  readonly workers?: number;
  /** Ranged reads of packs in flight, default 4 (each up to 8 MiB). */
  readonly concurrency?: number;
  /** Bound on bytes being fetched, opened and written, default 32 MiB. */
  readonly maxInFlightBytes?: number;
  /** Flush the restored tree to disk before the swap (default true): one syncfs, or fsync per file. */
  readonly fsync?: boolean;
  /** Restore uid/gid (default: when running as root). */
  readonly restoreOwnership?: boolean;
  readonly onProgress?: (progress: Progress) => void;
  readonly progressIntervalMs?: number;
  readonly signal?: AbortSignal;
}

export interface RestoreResult {
  readonly recoveryPointId: string;
  readonly manifestKey: string;
  readonly stats: {
    files: number;
    bytesWritten: number;
    /** Distinct chunks read from packs. */
    chunksFetched: number;
    /** Bytes read from packs (the chunks and what little lies between them). */
    bytesFetched: number;
    /** Chunks read from the previous restore or from files already restored, instead of the store. */
    chunksLocal: number;
    /** All-zero chunks left as holes. */
    chunksZero: number;
    durationMs: number;
  };
  readonly warnings: string[];
}
