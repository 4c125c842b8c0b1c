/** How often a step is tried, and how long to wait before each retry. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Wait before retry n (1-based); the last value repeats. */
  backoffMs: readonly number[];
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, backoffMs: [1_000, 5_000, 15_000] };
export const NO_RETRY: RetryPolicy = { maxAttempts: 1, backoffMs: [0] };

export function retryDelayMs(policy: RetryPolicy, failedAttempt: number): number {
  return policy.backoffMs[Math.min(failedAttempt - 1, policy.backoffMs.length - 1)] ?? 0;
}
