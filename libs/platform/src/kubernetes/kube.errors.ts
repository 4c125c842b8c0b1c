import type { ObjectRef } from '../model/kube-object';
import { PlatformError, type PlatformErrorReason } from '../platform.errors';
import { KubeApiError } from './kube.http';

/**
 * Maps an API server error to the port's reasons, keeping the server's message (it names fields and managers)
 * and adding what a person can do about it.
 */
export function toPlatformError(error: unknown, ref: ObjectRef | undefined, verb: string): Error {
  if (error instanceof PlatformError) return error;
  if (!(error instanceof KubeApiError)) return error instanceof Error ? error : new Error(String(error));
  const message = error.status.message ?? `HTTP ${error.statusCode}`;
  const causes = error.status.details?.causes ?? [];
  const reason = reasonOf(error.statusCode, error.status.reason, message, causes);
  return new PlatformError(reason, `${verb} refused: ${message}${advice(reason)}`, { ref, cause: error });
}

function reasonOf(statusCode: number, reason: string | undefined, message: string, causes: { message?: string }[]): PlatformErrorReason {
  const immutable = /immutable|may not change|field is not mutable/i;
  if ((statusCode === 422 || reason === 'Invalid') && (immutable.test(message) || causes.some((cause) => immutable.test(cause.message ?? '')))) return 'Immutable';
  switch (statusCode) {
    case 400:
    case 422:
      return 'Invalid';
    case 401:
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return reason === 'AlreadyExists' ? 'AlreadyExists' : 'Conflict';
    case 504:
      return 'Timeout';
    default:
      return statusCode >= 500 || statusCode === 429 ? 'Unavailable' : 'Invalid';
  }
}

function advice(reason: PlatformErrorReason): string {
  switch (reason) {
    case 'Immutable':
      return ' (the field cannot change once created: delete the object on the destination, or map the value back, and migrate again)';
    case 'Forbidden':
      return " (Tandem's identity lacks this permission: built-in kinds are granted by the tandem ClusterRole of deploy/kubernetes/clusterrole.yaml; for a custom resource type, add a ClusterRole labelled dr.tandem.dev/aggregate-to-tandem: \"true\" that allows create, patch, update and delete on it)";
    case 'Conflict':
      return ' (another field manager owns the field: remove it from that manager or let Tandem take it over with force)';
    case 'NotFound':
    case 'Invalid':
    case 'AlreadyExists':
    case 'Timeout':
    case 'Unavailable':
      return '';
    default: {
      const unknown: never = reason;
      return String(unknown);
    }
  }
}
