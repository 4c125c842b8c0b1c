/**
 * Lets a job's progress out at most once per `intervalMs`: the first report passes, later ones only once the
 * interval since the last one that passed is over. Time is given, never read, so it is tested without waiting.
 */
export class ProgressThrottle {
  private lastAt: number | undefined;

  constructor(private readonly intervalMs: number) {}

  /** True when a report made at `now` (ms) may go out; it then counts as the last one. */
  offer(now: number): boolean {
    if (this.lastAt !== undefined && now - this.lastAt < this.intervalMs) return false;
    this.lastAt = now;
    return true;
  }
}
