import { ConcurrencyLimit } from './concurrency.limit';
import { OperationContext, storeRefused, storeUnavailable } from './object-store.errors';
import { RetryPolicy, resolvePolicy, withRetries } from './retry.policy';

/** Options every backend takes. */
export interface StoreCallOptions {
  /** Retries of transient failures. Default: 5 attempts, 200 ms doubling to 5 s, with full jitter. */
  retry?: Partial<RetryPolicy>;
  /** Calls to the server at once (each attempt of each operation, each page of a listing). Default 16. */
  concurrency?: number;
  /** Told about each retry, e.g. to log it. */
  onRetry?: (event: { operation: string; key: string | undefined; attempt: number; delayMs: number; error: unknown }) => void;
}

/** How a backend tells a transient failure from a refusal. */
export interface ErrorClassifier {
  /** Worth another attempt: network errors, timeouts, 5xx, throttling. */
  isRetryable(error: unknown): boolean;
  /**
   * What the user should do about a refusal the server answered with (credentials, permissions, a missing
   * bucket), or undefined for errors thrown as they are (not found, invalid key, programming errors).
   */
  refusalHint(error: unknown): string | undefined;
}

export const DEFAULT_CONCURRENCY = 16;

/**
 * Runs a backend's calls to its server under the store's concurrency limit, with retries of transient
 * failures (the limit is held per attempt, not during the backoff), and turns what finally fails into an
 * `ObjectStoreError` that names the store, the operation and the key.
 */
export class StoreCallRunner {
  readonly limit: ConcurrencyLimit;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly store: { readonly kind: string; readonly location: string },
    private readonly classifier: ErrorClassifier,
    private readonly options: StoreCallOptions = {},
  ) {
    this.limit = new ConcurrencyLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.policy = resolvePolicy(options.retry);
  }

  run<T>(operation: string, key: string | undefined, call: () => Promise<T>): Promise<T> {
    const context: OperationContext = { kind: this.store.kind, location: this.store.location, operation, key };
    return withRetries(() => this.limit.run(call), {
      policy: this.policy,
      isRetryable: (error) => this.classifier.isRetryable(error),
      exhausted: (error, attempts, elapsedMs) => storeUnavailable(context, attempts, elapsedMs, error),
      onRetry: (error, attempt, delayMs) => this.options.onRetry?.({ operation, key, attempt, delayMs, error }),
    }).catch((error: unknown) => {
      const hint = isStoreError(error) ? undefined : this.classifier.refusalHint(error);
      throw hint === undefined ? error : storeRefused(context, error, hint);
    });
  }
}

function isStoreError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'object-store-unavailable' || code === 'object-store-refused' || code === 'object-not-found';
}
