import type { ErrorClassifier } from './store-call.runner';

/** Out of file handles, a busy or stale (NFS) file: worth another try in a moment. */
const TRANSIENT_CODES = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'ETIMEDOUT', 'ESTALE', 'EINTR']);

export function fsErrorClassifier(root: string): ErrorClassifier {
  return {
    isRetryable: (error) => {
      const flagged = (error as { retryable?: unknown } | null)?.retryable;
      if (typeof flagged === 'boolean') return flagged;
      return TRANSIENT_CODES.has(errnoCode(error) ?? '');
    },
    refusalHint: (error) => {
      switch (errnoCode(error)) {
        case 'EACCES':
        case 'EPERM':
          return `Let the process read and write ${root} and everything under it.`;
        case 'ENOSPC':
        case 'EDQUOT':
          return `The file system of ${root} is full: free space or move the store.`;
        case 'EROFS':
          return `${root} is on a read-only file system: mount it read-write or choose another directory.`;
        case 'ENOTDIR':
          return `A file is in the way of a directory under ${root}: a key is used both as an object and as a prefix.`;
        default:
          return undefined;
      }
    },
  };
}

export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
