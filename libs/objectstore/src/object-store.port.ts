/** One stored object, as listed. */
export interface ObjectInfo {
  key: string;
  size: number;
  modified: Date;
}

/**
 * Where recovery points live: chunks, manifests and the repository's configuration. Keys are `/`-separated
 * paths of `[A-Za-z0-9._-]` segments. Every backend behaves the same (the contract suite proves it):
 * - `put` is idempotent and atomic: a reader sees the whole object or nothing; with `ifAbsent`, an existing
 *   object is left as it is and `written` is false.
 * - `get` of a missing key throws `ObjectNotFoundError`; `head` answers undefined.
 * - `getRange` reads part of an object (Tandem's pack files are read chunk by chunk): the bytes from `offset`,
 *   at most `length` of them, fewer where the object ends sooner, none from at or past its end. A missing key
 *   throws `ObjectNotFoundError`. Backends that check whole-object checksums on `get` cannot on a range: the
 *   caller authenticates what it reads (Tandem's chunks are AES-GCM sealed).
 * - `delete` of a missing key succeeds.
 * - transient failures are retried with backoff inside the backend; what is thrown is final.
 */
export interface ObjectStore {
  readonly kind: 's3' | 'nats' | 'fs';
  /** Where it stores, for messages (no credentials). */
  readonly location: string;
  put(key: string, data: Uint8Array, opts?: { ifAbsent?: boolean }): Promise<{ written: boolean }>;
  get(key: string): Promise<Uint8Array>;
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  head(key: string): Promise<ObjectInfo | undefined>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Injection token for the ObjectStore port. */
export const OBJECT_STORE = Symbol('OBJECT_STORE');

export class ObjectNotFoundError extends Error {
  readonly code = 'object-not-found';
  readonly retryable = false;
  constructor(readonly key: string, location: string) {
    super(`object ${key} does not exist in ${location}`);
    this.name = 'ObjectNotFoundError';
  }
}

/** Refuses a range that is not two non-negative safe integers (a programming error, never retried). */
export function checkRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw Object.assign(new RangeError(`invalid byte range: offset ${offset}, length ${length} (both must be whole numbers ≥ 0)`), {
      code: 'invalid-range',
      retryable: false,
    });
  }
}

const KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** Refuses keys that are not plain relative paths (no `..`, no leading `/`, no empty segments). */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..') || key.length > 1024) {
    throw Object.assign(new Error(`invalid object key "${key}": use /-separated segments of letters, digits, . _ -`), {
      code: 'invalid-key',
      retryable: false,
    });
  }
  return key;
}
