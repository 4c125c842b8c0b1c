import type { ObjectRef } from '../model/kube-object';
import type { PlatformError, PlatformErrorReason } from '../platform.errors';

/**
 * What happened to one object:
 * - `created`: it was not on the destination and now is;
 * - `updated`: it was there and was written;
 * - `unchanged`: it was there with the same content hash (or nothing was to change), and was not written;
 * - `failed`: the site refused or failed the write (`reason` and `message` say why); the others went on;
 * - `purged`: it was deleted, because the migration no longer has it.
 */
export type ResourceOutcomeKind = 'created' | 'updated' | 'unchanged' | 'failed' | 'purged';

export interface ResourceOutcome {
  ref: ObjectRef;
  outcome: ResourceOutcomeKind;
  reason?: PlatformErrorReason;
  message?: string;
}

export interface ApplyReport {
  resources: ResourceOutcome[];
}

export function failedOutcome(ref: ObjectRef, error: PlatformError): ResourceOutcome {
  return { ref, outcome: 'failed', reason: error.reason, message: error.message };
}
