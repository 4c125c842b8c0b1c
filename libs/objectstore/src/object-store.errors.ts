/** What a store operation was doing when it failed, for messages. */
export interface OperationContext {
  /** `s3`, `nats` or `fs`. */
  kind: string;
  /** The store's `location` (never credentials). */
  location: string;
  /** `put`, `get`, `head`, `list`, `delete`, `open`. */
  operation: string;
  /** The key or prefix the operation was about, if any. */
  key?: string;
}

/**
 * A store operation that failed for good. `retryable` tells the caller (a message handler) whether trying the
 * whole step again later may succeed: true for an outage, false for a refusal (credentials, permissions, a
 * missing bucket) that needs a person to fix something.
 */
export class ObjectStoreError extends Error {
  readonly code: 'object-store-unavailable' | 'object-store-refused';
  readonly retryable: boolean;
  readonly operation: string;
  readonly key: string | undefined;

  constructor(
    context: OperationContext,
    options: { retryable: boolean; detail: string; hint: string; cause: unknown },
  ) {
    const what = context.key === undefined ? context.operation : `${context.operation} of "${context.key}"`;
    super(`${context.kind} object store ${context.location}: ${what} ${options.detail}: ${describeCause(options.cause)}. ${options.hint}`, {
      cause: options.cause,
    });
    this.name = options.retryable ? 'ObjectStoreUnavailableError' : 'ObjectStoreError';
    this.code = options.retryable ? 'object-store-unavailable' : 'object-store-refused';
    this.retryable = options.retryable;
    this.operation = context.operation;
    this.key = context.key;
  }
}

/** The store did not answer (network, server down, overloaded) even after retrying with backoff. */
export function storeUnavailable(context: OperationContext, attempts: number, elapsedMs: number, cause: unknown): ObjectStoreError {
  return new ObjectStoreError(context, {
    retryable: true,
    detail: `failed after ${attempts} attempt${attempts === 1 ? '' : 's'} over ${(elapsedMs / 1000).toFixed(1)} s`,
    hint:
      hintOf(cause) ?? 'The store is unreachable or overloaded: check that it is running and reachable from here, then retry.',
    cause,
  });
}

/** The store answered, and refused (credentials, permissions, a missing bucket, a bad request). */
export function storeRefused(context: OperationContext, cause: unknown, hint: string): ObjectStoreError {
  return new ObjectStoreError(context, { retryable: false, detail: 'was refused', hint, cause });
}

/** A transient error may carry its own advice (e.g. a corrupt read), used when the retries run out. */
function hintOf(cause: unknown): string | undefined {
  const hint = (cause as { hint?: unknown } | null)?.hint;
  return typeof hint === 'string' ? hint : undefined;
}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const name = cause.name && cause.name !== 'Error' ? cause.name : typeof code === 'string' ? code : '';
    const message = cause.message || '(no message)';
    return name && !message.includes(name) ? `${name}: ${message}` : message;
  }
  return String(cause);
}
