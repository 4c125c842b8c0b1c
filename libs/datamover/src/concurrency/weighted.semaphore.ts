/**
 * A counting semaphore whose permits have weights: with capacity = bytes it bounds the bytes in flight, with
 * weight 1 it bounds concurrent operations. A request larger than the capacity is admitted alone, so it can
 * never deadlock. Waiters are served in order (no starvation of large requests).
 */
export class WeightedSemaphore {
  private used = 0;
  private readonly waiters: Array<{ weight: number; wake: () => void }> = [];

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new RangeError('a semaphore needs a positive capacity');
  }

  async acquire(weight = 1): Promise<void> {
    if (this.waiters.length === 0 && this.fits(weight)) {
      this.used += weight;
      return;
    }
    await new Promise<void>((wake) => this.waiters.push({ weight, wake }));
  }

  release(weight = 1): void {
    this.used -= weight;
    while (this.waiters.length > 0 && this.fits((this.waiters[0] as { weight: number }).weight)) {
      const next = this.waiters.shift() as { weight: number; wake: () => void };
      this.used += next.weight;
      next.wake();
    }
  }

  async use<T>(weight: number, fn: () => Promise<T>): Promise<T> {
    await this.acquire(weight);
    try {
      return await fn();
    } finally {
      this.release(weight);
    }
  }

  get inUse(): number {
    return this.used;
  }

  private fits(weight: number): boolean {
    return this.used === 0 || this.used + weight <= this.capacity;
  }
}

/**
 * Runs `fn` over items with at most `limit` running at once, in order of start; stops starting new ones after
 * the first failure and rethrows it once the running ones settled (so nothing keeps working after it returns).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}
