/** Messages between the pool and its crypto workers. Buffers travel as transferred ArrayBuffers. */

export interface WorkerInit {
  readonly dataKey: Uint8Array;
  readonly idKey: Uint8Array;
}

export type WorkerTask =
  /** Keyed hash of a plaintext chunk; the data comes back. */
  | { readonly op: 'hash'; readonly seq: number; readonly data: Uint8Array }
  /** Compress (if it pays) and encrypt a chunk whose id is known. */
  | { readonly op: 'seal'; readonly seq: number; readonly id: string; readonly data: Uint8Array; readonly level: number; readonly minSavings: number }
  /**
   * Read a small file (one chunk) in the worker, hash it and seal it: one round trip and no file I/O on the
   * main thread. The stat before and after the read comes back for change detection.
   */
  | { readonly op: 'ingest'; readonly seq: number; readonly path: string; readonly level: number; readonly minSavings: number }
  /** Decrypt and decompress a stored chunk and check that it hashes to its id. */
  | { readonly op: 'open'; readonly seq: number; readonly id: string; readonly blob: Uint8Array };

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
    }
  | { readonly seq: number; readonly ok: false; readonly kind: 'corrupt' | 'error'; readonly message: string; readonly code?: string };

/** An ArrayBuffer that holds exactly these bytes, so it can be transferred without moving unrelated memory. */
export function ownBuffer(data: Uint8Array): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer;
  const copy = new ArrayBuffer(data.byteLength);
  new Uint8Array(copy).set(data);
  return copy;
}
