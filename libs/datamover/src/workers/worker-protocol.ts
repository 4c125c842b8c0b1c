import type { ChunkerParams } from '../chunking/chunker-params';

/** Messages between the pool and its crypto workers. Buffers travel as transferred ArrayBuffers. */

export interface WorkerInit {
  readonly dataKey: Uint8Array;
  readonly idKey: Uint8Array;
}

export type WorkerTask =
  /** Keyed hash of a plaintext chunk; the data comes back. */
  | { readonly op: 'hash'; readonly seq: number; readonly data: Uint8Array }
  /** Cut the next part of a file into chunks, hash them, and seal them when `seal` (see file-chunking.ts). */
  | {
      readonly op: 'cut';
      readonly seq: number;
      readonly path: string;
      readonly params: ChunkerParams;
      readonly offset: number;
      readonly span: number;
      readonly seal: boolean;
      readonly level: number;
      readonly minSavings: number;
    }
  /** A reply buffer of `cut` the main thread is done with, for the worker to fill again (no reply). */
  | { readonly op: 'recycle'; readonly seq: number; readonly buffer: ArrayBuffer }
  /** Read one chunk of a file again, check it still hashes to `id`, and seal it. */
  | {
      readonly op: 'sealRange';
      readonly seq: number;
      readonly path: string;
      readonly offset: number;
      readonly size: number;
      readonly id: string;
      readonly level: number;
      readonly minSavings: number;
    }
  /**
   * Open several chunks that lie in one buffer (a range read from a pack) and check each: their plaintexts come
   * back concatenated in item order (when `keep`), with a problem or null per item.
   */
  | { readonly op: 'openBatch'; readonly seq: number; readonly blob: Uint8Array; readonly items: readonly BatchItem[]; readonly keep: boolean }
  /** Open the chunks of one read and write the sound ones into the files being restored (see restore-writes.ts). */
  | { readonly op: 'restoreBatch'; readonly seq: number; readonly blob: Uint8Array; readonly items: readonly BatchItem[]; readonly files: readonly FileWrites[] }
  /** Give restored files their owner, mode and mtime. */
  | { readonly op: 'finishFiles'; readonly seq: number; readonly files: readonly FileFinish[] };

/** What a restore writes into one file from one read: chunk (item number) and offset pairs, and what else. */
export interface FileWrites {
  readonly path: string;
  readonly writes: readonly (readonly [item: number, offset: number])[];
  /** Set the file's size (ftruncate) first: it has all-zero chunks, which stay holes. */
  readonly size?: number;
  /** This read completes the file: give it its metadata. */
  readonly finish?: FileFinish;
}

/** A restored file's owner, mode and mtime (seconds, as utimes takes them). */
export interface FileFinish {
  readonly path: string;
  readonly chown: boolean;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  readonly mtime: number;
}

/** A chunk in an `openBatch` buffer: its envelope's place in the buffer and its plaintext size. */
export interface BatchItem {
  readonly id: string;
  readonly offset: number;
  readonly length: number;
  readonly size: number;
}

/** A chunk as a worker cut it: its keyed hash, size, whether it is all zeros, and its sealed length (0: not sealed). */
export interface CutChunk {
  readonly id: string;
  readonly size: number;
  readonly zero: boolean;
  readonly sealed: number;
}

/** A file's identity as `fstat` saw it (bigints as decimal strings). */
export interface StatSnapshot {
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  readonly ino: string;
}

export type WorkerReply =
  | {
      readonly seq: number;
      readonly ok: true;
      readonly id?: string;
      readonly zero?: boolean;
      readonly data?: Uint8Array;
      readonly compressed?: boolean;
      readonly size?: number;
      readonly before?: StatSnapshot;
      readonly after?: StatSnapshot;
      /** openBatch: per item, null when it is sound, else what is wrong with it. */
      readonly problems?: readonly (string | null)[];
      /** cut: the chunks, where the next part starts, and whether the file ended. */
      readonly chunks?: readonly CutChunk[];
      readonly next?: number;
      readonly eof?: boolean;
      /** sealRange: the file no longer has those bytes there. */
      readonly changed?: boolean;
    }
  | { readonly seq: number; readonly ok: false; readonly kind: 'error'; readonly message: string; readonly code?: string };

/** An ArrayBuffer that holds exactly these bytes, so it can be transferred without moving unrelated memory. */
export function ownBuffer(data: Uint8Array): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer;
  const copy = new ArrayBuffer(data.byteLength);
  new Uint8Array(copy).set(data);
  return copy;
}
