/** How often and how patiently a store operation is retried. */
export interface RetryPolicy {
  /** Attempts in total, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the first retry; it doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000 };

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  /** Whether an error is transient (network, 5xx, throttling). Everything else is thrown at once. */
  isRetryable: (error: unknown) => boolean;
  /** Called with the last error when the attempts ran out; what it returns is thrown. */
  exhausted?: (error: unknown, attempts: number, elapsedMs: number) => unknown;
  /** Called before each retry (for logs and metrics). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Test seams. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/**
 * Runs `operation` until it succeeds, fails with an error that is not retryable (thrown as it is), or has used
 * up its attempts (the last error goes through `exhausted`). Between attempts it waits an exponential backoff
 * with "full jitter" (a random delay between 0 and the backoff), so many clients that failed together do not
 * come back together.
 */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = resolvePolicy(options.policy);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!options.isRetryable(error)) throw error;
      if (attempt >= policy.attempts) {
        throw options.exhausted ? options.exhausted(error, attempt, now() - started) : error;
      }
      const delayMs = backoffDelayMs(attempt, policy, random);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}

/** The wait after failed attempt `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

export function resolvePolicy(policy: Partial<RetryPolicy> | undefined): RetryPolicy {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...policy };
  if (!Number.isInteger(resolved.attempts) || resolved.attempts < 1) {
    throw new Error(`retry policy: attempts must be a whole number ≥ 1, got ${resolved.attempts}`);
  }
  if (!(resolved.baseDelayMs >= 0) || !(resolved.maxDelayMs >= resolved.baseDelayMs)) {
    throw new Error(
      `retry policy: need 0 ≤ baseDelayMs ≤ maxDelayMs, got baseDelayMs=${resolved.baseDelayMs}, maxDelayMs=${resolved.maxDelayMs}`,
    );
  }
  return resolved;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
