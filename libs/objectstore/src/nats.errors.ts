import { JetStreamApiCodes } from '@nats-io/jetstream';
import type { ErrorClassifier } from './store-call.runner';

/** Errors of the NATS client that mean "no answer (yet)": the server is down, restarting or overloaded. */
const TRANSIENT_NAMES = new Set(['TimeoutError', 'NoResponders', 'NoRespondersError', 'ConnectionError', 'ProtocolError']);

/** Timeouts and connection trouble are retried; JetStream's answers are final unless they are a 5xx. */
export function natsErrorClassifier(bucket: string): ErrorClassifier {
  return {
    isRetryable: (error) => isTransientNatsError(error),
    refusalHint: (error) => natsRefusalHint(error, bucket),
  };
}

export function isTransientNatsError(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const flagged = (error as { retryable?: unknown }).retryable;
  if (typeof flagged === 'boolean') return flagged;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  // Wrappers: a request that failed, or "JetStream is not enabled" because no server answered the API (it is
  // restarting or electing a leader); the same name with an API error as cause is a real configuration issue.
  if (['RequestError', 'JetStreamError', 'JetStreamNotEnabled'].includes(error.name)) return isTransientNatsError(error.cause, depth + 1);
  if (error.name === 'JetStreamApiError' || error.name === 'JetStreamStatusError') {
    const status = (error as { status?: unknown; code?: unknown }).status ?? (error as { code?: unknown }).code;
    return typeof status === 'number' && (status >= 500 || status === 408 || status === 429);
  }
  // The obj client checks each object's SHA-256 as it reads; a mismatch is worth reading again.
  return /corrupt object|digests do not match/.test(error.message);
}

/** The server already holds a newer revision of the object than the one the write expected. */
export function isWrongLastSequence(error: unknown): boolean {
  const code = (error as { name?: unknown; code?: unknown } | null)?.code;
  return (
    (error as { name?: unknown } | null)?.name === 'JetStreamApiError' &&
    (code === JetStreamApiCodes.StreamWrongLastSequence || code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

function natsRefusalHint(error: unknown, bucket: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  switch (error.name) {
    case 'ClosedConnectionError':
    case 'DrainingConnectionError':
      return 'The NATS connection this store uses was closed by its owner; open a new connection and a new store.';
    case 'PermissionViolationError':
    case 'AuthorizationError':
      return `Give the NATS user permission to publish to $JS.API.> and $O.${bucket}.> and to subscribe to _INBOX.>.`;
    case 'JetStreamNotEnabled':
      return 'Enable JetStream on the NATS server and for this account.';
    case 'JetStreamApiError':
      if ((error as { code?: unknown }).code === JetStreamApiCodes.JetStreamNotEnabledForAccount) {
        return 'Enable JetStream on the NATS server and for this account.';
      }
      return `JetStream refused the request; check the stream OBJ_${bucket} behind the bucket (its limits, max bytes, replicas against the cluster size).`;
    default:
      return undefined;
  }
}
