export interface WaitForOptions {
  /** Named in the timeout error: `timed out after 5000ms waiting for <what>`. */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Gives up early (with the signal's reason) — e.g. when the process being waited for has exited. */
  signal?: AbortSignal;
}

export type WaitForCheck<T> = () => Promise<T | undefined | null | false> | T | undefined | null | false;

/**
 * Calls `check` until it returns something other than undefined, null or false, and returns that. A check that
 * throws counts as "not yet"; the last error is quoted in the timeout error.
 */
export async function waitFor<T>(check: WaitForCheck<T>, options: WaitForOptions): Promise<T> {
  const { what, timeoutMs = 10_000, intervalMs = 100, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const result = await check();
      if (result !== undefined && result !== null && result !== false) return result;
    } catch (error) {
      lastError = error;
    }
    signal?.throwIfAborted();
    const left = deadline - Date.now();
    if (left <= 0) {
      const cause = lastError === undefined ? '' : ` (last error: ${describeError(lastError)})`;
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${cause}`, { cause: lastError });
    }
    await sleep(Math.min(intervalMs, left), signal);
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch() hides the useful part (ECONNREFUSED …) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
