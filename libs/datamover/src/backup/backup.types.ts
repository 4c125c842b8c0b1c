import { ObjectStore } from '@tandem/objectstore';
import { ChunkerParams } from '../chunking/chunker-params';
import { RecoveryPointRef } from '../repository/repository-layout';
import { Progress } from './progress.reporter';

export interface BackupOptions {
  readonly store: ObjectStore;
  /** The 32-byte master key (the caller reads it from a Secret or the environment; see `parseMasterKey`). */
  readonly key: Uint8Array;
  /** The volume's name in the repository (letters, digits, `.`, `_`, `-`). */
  readonly volume: string;
  /** The directory to read: a snapshot or clone of the volume, or a quiesced directory. */
  readonly source: string;
  /**
   * The recovery point to compare with for change detection: `'latest'` (default) takes the volume's newest,
   * `'none'` reads every file.
   */
  readonly parent?: RecoveryPointRef | 'latest' | 'none';
  /** Chunker sizes, used only when this backup creates the repository. */
  readonly chunker?: Partial<Omit<ChunkerParams, 'algorithm'>>;
  /** zstd level, default 3; 0 stores chunks uncompressed. */
  readonly compressionLevel?: number;
  /** Worker threads for hashing, compression and encryption; default one per core. */
  readonly workers?: number;
  /** Pack files uploaded at once, default 2 (each holds up to `packSize` bytes until it is written). */
  readonly uploadConcurrency?: number;
  /**
   * Chunks are stored in pack files of about this size (64 KiB – 1 GiB); default 16 MiB, or an eighth of a volume
   * under 128 MiB (at least 1 MiB), so that an interrupted backup of a small volume keeps most of its upload.
   */
  readonly packSize?: number;
  /** Files read at once, default 4 (helps with many small files). */
  readonly readConcurrency?: number;
  /** Bound on chunk bytes between reading and upload, default 32 MiB. */
  readonly maxInFlightBytes?: number;
  /** Called at most every `progressIntervalMs` (default 250 ms) and once at the end. */
  readonly onProgress?: (progress: Progress) => void;
  readonly progressIntervalMs?: number;
  readonly signal?: AbortSignal;
  /** The lease's time to live, default 10 minutes (see garbage collection). */
  readonly leaseTtlMs?: number;
}

export interface BackupStats {
  /** Regular files in the recovery point. */
  files: number;
  dirs: number;
  symlinks: number;
  /** Bytes of file content in the recovery point. */
  bytesTotal: number;
  /** Files whose content was read (the others were unchanged since the parent). */
  filesRead: number;
  /** Bytes of file content read. */
  bytesRead: number;
  /** Bytes of new chunks after compression and encryption. */
  bytesNew: number;
  /** Chunks stored (in new packs). */
  chunksNew: number;
  /** Chunks read from files that did not need storing (already in the repository, or repeated in this run). */
  chunksReused: number;
  /** Pack files written. */
  packsNew: number;
  /** Packs an interrupted run had written but not indexed, found by their trailers and reused. */
  packsAdopted: number;
  /** Everything written to the store: packs, index segments and the manifest. */
  bytesUploaded: number;
  /** Files recognised as unchanged by size, mtime, ctime and inode, and not read. */
  filesUnchanged: number;
  /** Files that changed while they were read (they are re-read by the next backup). */
  filesChangedDuringRead: number;
  /** Paths of sockets, FIFOs and devices, which are not backed up. */
  skipped: string[];
  durationMs: number;
}

export interface BackupResult {
  readonly recoveryPointId: string;
  readonly manifestKey: string;
  /** The parent recovery point's manifest key, when one was used. */
  readonly parent?: string;
  readonly stats: BackupStats;
  /** Things that did not fail the backup but deserve a look (e.g. an unreadable parent manifest). */
  readonly warnings: string[];
}
