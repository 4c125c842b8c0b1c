/**
 * At most `limit` operations at once; the others wait their turn in arrival order. One per store keeps a
 * burst of uploads from opening hundreds of connections or overrunning the server.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`concurrency must be a whole number ≥ 1, got ${limit}`);
    }
  }

  /** Operations running now. */
  get running(): number {
    return this.active;
  }

  /** Operations waiting for a turn. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over
    try {
      return await operation();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
