/** Waits `ms`, or less when `signal` aborts; never rejects. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The pause before retry number `retry` (1, 2, …): 250 ms, doubling, at most 2 s. */
export function retryBackoffMs(retry: number): number {
  return Math.min(250 * 2 ** (retry - 1), 2_000);
}
