import type { ObjectRef } from '../model/kube-object';

/** An object a step left out, and why, in a sentence a user can act on. */
export interface SkippedObject {
  ref: ObjectRef;
  reason: string;
}
