/**
 * How the transport treats a handler's error: retried with backoff unless the error says `retryable: false`
 * (Tandem's errors carry that flag), in which case it is dead-lettered at once.
 */
export function isRetryable(err: unknown): boolean {
  if (typeof err === 'object' && err !== null && 'retryable' in err) {
    return (err as { retryable?: unknown }).retryable !== false;
  }
  return true;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'object' && err !== null && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

/** Backoff before redelivery n (1-based), with ±20% jitter so retries of many messages spread out. */
export function backoffMs(deliveries: number, schedule: readonly number[]): number {
  const base = schedule[Math.min(deliveries - 1, schedule.length - 1)] ?? 1000;
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
