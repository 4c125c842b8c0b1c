import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A token bucket of `bytesPerSecond`, holding at most one second's worth: `take(n)` waits until `n` bytes may go.
 * Callers are served in arrival order; a request larger than the bucket goes once the bucket is full and leaves
 * it in debt, so any size passes and the average rate holds.
 */
export class BandwidthLimiter {
  private available: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly bytesPerSecond: number) {
    if (!(bytesPerSecond > 0)) throw new Error(`bandwidth limit must be above 0 bytes per second, got ${bytesPerSecond}`);
    this.available = bytesPerSecond;
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise((resolve) => (release = resolve));
    try {
      await previous;
      signal?.throwIfAborted();
      const now = performance.now();
      this.available = Math.min(this.bytesPerSecond, this.available + ((now - this.last) / 1000) * this.bytesPerSecond);
      this.last = now;
      this.available -= bytes;
      if (this.available < 0) {
        try {
          await sleep((-this.available / this.bytesPerSecond) * 1000, undefined, { signal });
        } catch (err) {
          this.available += bytes; // not sent: the others need not wait for it
          throw signal?.aborted ? signal.reason : err;
        }
      }
    } finally {
      release();
    }
  }
}
