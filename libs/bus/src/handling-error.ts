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

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND',
  // PostgreSQL: connection exceptions and the server shutting down or starting.
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03',
]);

/**
 * An error that says a dependency (the database, the network) is unavailable rather than that the message is
 * bad. Such a message is retried for as long as the outage lasts and never dead-lettered for it: an outage
 * must not turn good messages into dead letters.
 */
export function isUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; retryable?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code === 'unavailable')) return e.retryable !== false;
  return typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connection timeout/i.test(e.message);
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
