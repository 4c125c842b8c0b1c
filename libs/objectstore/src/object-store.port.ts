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
 * - `delete` of a missing key succeeds.
 * - transient failures are retried with backoff inside the backend; what is thrown is final.
 */
export interface ObjectStore {
  readonly kind: 's3' | 'nats' | 'fs';
  /** Where it stores, for messages (no credentials). */
  readonly location: string;
  put(key: string, data: Uint8Array, opts?: { ifAbsent?: boolean }): Promise<{ written: boolean }>;
  get(key: string): Promise<Uint8Array>;
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
