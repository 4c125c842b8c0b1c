import { TandemError } from '@tandem/contracts';

/** The data path's failures: Tandem's errors, with codes of their own. */
export class DatamoverError extends TandemError {}

/** The store holds no repository (no `config` object) where one was expected. */
export class RepositoryNotFoundError extends DatamoverError {
  constructor(location: string) {
    super(`there is no Tandem repository in ${location} (no "config" object); back up into it first`, { code: 'repository-not-found' });
  }
}

/** The master key given is not the one that wraps this repository's keys. */
export class WrongMasterKeyError extends DatamoverError {
  constructor(readonly repositoryKeyId: string, readonly givenKeyId: string) {
    super(
      `the master key does not open this repository (key id ${repositoryKeyId}; the key given has id ${givenKeyId})`,
      { code: 'wrong-master-key' },
    );
  }
}

/** The repository's config, a manifest or another stored object is unreadable: truncated, altered or garbage. */
export class CorruptObjectError extends DatamoverError {
  constructor(readonly key: string, problem: string, cause?: unknown) {
    super(`${key} is corrupted: ${problem}`, { code: 'corrupt-object', cause });
  }
}

/** The store holds a repository in a format this build does not read (there is no migration). */
export class UnsupportedFormatError extends DatamoverError {
  constructor(location: string, found: unknown, supported: number) {
    super(
      `the repository in ${location} has format version ${String(found)}, and this build reads only version ${supported}` +
        (found === 1 ? ' (version 1 kept one object per chunk; version 2 keeps chunks in pack files)' : '') +
        '; there is no migration: back up into a new, empty store (another directory, bucket or prefix)',
      { code: 'unsupported-repository-format' },
    );
  }
}

/** A chunk a recovery point needs is missing or does not decrypt to its keyed hash. */
export class BadChunkError extends DatamoverError {
  constructor(
    readonly chunkId: string,
    readonly problem: 'missing' | 'corrupt',
    readonly path?: string,
    readonly detail?: string,
    cause?: unknown,
  ) {
    super(
      `${path ? `file ${path}: ` : ''}chunk ${chunkId} is ${problem === 'missing' ? 'missing from the store' : 'corrupted (it does not decrypt to its hash)'}` +
        (detail ? `: ${detail}` : ''),
      { code: problem === 'missing' ? 'chunk-missing' : 'chunk-corrupt', cause },
    );
  }
}

/** A manifest names a path or link target that would escape the volume. */
export class UnsafePathError extends DatamoverError {
  constructor(readonly path: string, reason: string) {
    super(`refusing manifest entry "${path}": ${reason}`, { code: 'unsafe-path' });
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends DatamoverError {
  constructor(what: string, cause?: unknown) {
    super(`${what} was aborted`, { code: 'aborted', cause });
  }
}

/** A concurrency guard (lease, garbage collection) forbids the operation now; trying again later may work. */
export class BusyError extends DatamoverError {
  constructor(message: string, code = 'busy') {
    super(message, { code, retryable: true });
  }
}

/** Turns an AbortSignal's state into an AbortedError. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(what, signal.reason);
}
