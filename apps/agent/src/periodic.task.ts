/**
 * Runs `work` now and then every `intervalMs` after the previous run ended, until stopped. A failed run is
 * handed to `onError` and the next one happens on time; `stop()` waits for a run in progress.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** True once `stop()` was called: long work may end early. */
  get stopping(): boolean {
    return this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.work()
        .catch(this.onError)
        .finally(() => this.schedule(this.intervalMs));
    }, delayMs);
  }
}
