import { ChunkerParams } from '../chunking/chunker-params';

/** 2: chunks are found through the repository index (1 named each chunk's object, with a rescue generation). */
export const MANIFEST_FORMAT_VERSION = 2 as const;

/** One chunk of a file, in order. */
export interface ManifestChunk {
  /** Keyed hash of the plaintext (64 hex). */
  readonly id: string;
  /** Plaintext bytes. */
  readonly size: number;
  /** All bytes are zero: restored as a hole, verified without fetching. */
  readonly zero?: true;
}

export type EntryType = 'dir' | 'file' | 'symlink';

/** One node of the volume tree. Paths are relative, `/`-separated, `.` being the volume's root. */
export interface ManifestEntry {
  readonly path: string;
  readonly type: EntryType;
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Files: content bytes; symlinks: target length; directories: 0. */
  readonly size: number;
  /** Modification time, nanoseconds since the epoch, decimal. */
  readonly mtimeNs: string;
  readonly target?: string;
  readonly chunks?: readonly ManifestChunk[];
  /**
   * For change detection by the next backup (files only): with `size` and `mtimeNs`, the file is not read again
   * when these are equal. Absent when the file may have changed while it was read, which forces a re-read.
   */
  readonly change?: { readonly ctimeNs: string; readonly ino: string };
}

export interface Manifest {
  readonly format: 'tandem-manifest';
  readonly version: typeof MANIFEST_FORMAT_VERSION;
  readonly repositoryId: string;
  readonly volume: string;
  readonly recoveryPointId: string;
  /** The recovery point this one was computed against, if any. */
  readonly parent?: string;
  readonly createdAt: string;
  readonly chunker: ChunkerParams;
  readonly entries: readonly ManifestEntry[];
  readonly totals: { readonly files: number; readonly dirs: number; readonly symlinks: number; readonly bytes: number; readonly chunks: number };
}
