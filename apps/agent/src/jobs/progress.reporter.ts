import { performance } from 'node:perf_hooks';
import type { JsonLogger } from '@tandem/observability';
import type { WorkProgress } from '../data/data-mover.port';
import { ProgressThrottle } from './progress.throttle';

/**
 * Takes a job's progress reports as fast as the data path makes them and writes at most one per interval (the
 * job row and a `progress` event, in one transaction). Writes happen one after another; a failed write is logged
 * and the next report tried, since progress is advisory.
 */
export class ProgressReporter {
  private latest: WorkProgress | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly throttle: ProgressThrottle;

  constructor(
    intervalMs: number,
    private readonly write: (p: WorkProgress, at: Date) => Promise<void>,
    private readonly logger: JsonLogger,
  ) {
    this.throttle = new ProgressThrottle(intervalMs);
  }

  report(p: WorkProgress): void {
    this.latest = p;
    if (!this.throttle.offer(performance.now())) return;
    const at = new Date();
    this.writing = this.writing.then(() => this.write(p, at)).catch((err: unknown) => this.logger.warn('progress not recorded', { err }));
  }

  get last(): WorkProgress | undefined {
    return this.latest;
  }

  /** Resolves when the writes started so far are done. */
  flushed(): Promise<void> {
    return this.writing;
  }
}
