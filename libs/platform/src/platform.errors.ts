import { TandemError } from '@tandem/contracts';
import { describeRef, type ObjectRef } from './model/kube-object';

/**
 * Why a site refused an operation, in the words of the Kubernetes API's status reasons, so that both adapters
 * report the same failure the same way.
 * - `Invalid`: the object is malformed or breaks a rule of its kind (the message names the field).
 * - `Immutable`: an update changes a field that cannot change after creation (e.g. a PVC's storageClassName).
 * - `Forbidden`: Tandem's identity may not do this (the message names the verb and resource).
 * - `Conflict`: another field manager owns the field, or the object changed since it was read.
 * - `NotFound`: the object, or its type (a missing CRD), does not exist.
 * - `AlreadyExists`: a create found the object there.
 * - `Timeout`: the operation (e.g. an exec) did not finish in time.
 * - `Unavailable`: the site could not be reached; trying again later may work.
 */
export type PlatformErrorReason = 'Invalid' | 'Immutable' | 'Forbidden' | 'Conflict' | 'NotFound' | 'AlreadyExists' | 'Timeout' | 'Unavailable';

const CODES: Record<PlatformErrorReason, string> = {
  Invalid: 'platform-invalid',
  Immutable: 'platform-immutable',
  Forbidden: 'platform-forbidden',
  Conflict: 'platform-conflict',
  NotFound: 'platform-not-found',
  AlreadyExists: 'platform-already-exists',
  Timeout: 'platform-timeout',
  Unavailable: 'platform-unavailable',
};

/** A site refused or failed an operation on one object (or type). The message names the object and what to do. */
export class PlatformError extends TandemError {
  readonly reason: PlatformErrorReason;
  readonly ref: ObjectRef | undefined;

  constructor(reason: PlatformErrorReason, message: string, options: { ref?: ObjectRef; cause?: unknown } = {}) {
    const subject = options.ref === undefined ? '' : `${describeRef(options.ref)}: `;
    super(`${subject}${message}`, { code: CODES[reason], retryable: reason === 'Unavailable' || reason === 'Timeout', cause: options.cause });
    this.reason = reason;
    this.ref = options.ref;
  }
}

export function isPlatformError(error: unknown, reason?: PlatformErrorReason): error is PlatformError {
  return error instanceof PlatformError && (reason === undefined || error.reason === reason);
}
