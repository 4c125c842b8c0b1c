import type { JsonLogger } from '@tandem/observability';
import { msUntilNextDue } from '../store/migration-schedules.store';
import type { Sql } from '../store/sql';
import type { ScheduleFirer } from './schedule-firer';

/** Shortest sleep when a schedule is due but another replica holds it: it is being fired, look again soon. */
const HELD_ELSEWHERE_MS = 20;

/**
 * The firing loop: fires what is due, then sleeps until the next schedule is due, at most `tickIntervalMs` (so a
 * change made through another replica is seen within one tick). A change through this replica (apply, resume)
 * wakes it at once. A failed pass (the database away) is logged and tried again a tick later.
 */
export class FiringLoop {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nudged = false;

  constructor(
    private readonly opts: {
      firer: ScheduleFirer;
      db: Sql;
      logger: JsonLogger;
      tickIntervalMs: number;
      batchSize: number;
    },
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Look for due schedules now (a schedule was created, changed or resumed). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    const { tickIntervalMs } = this.opts;
    let failures = 0;
    while (this.running) {
      let sleepMs = tickIntervalMs;
      this.nudged = false;
      try {
        const pass = await this.opts.firer.fireDue();
        if (failures > 0) this.opts.logger.info('firing schedules again', { after: `${failures} failed pass(es)` });
        failures = 0;
        if (pass.claimed >= this.opts.batchSize) continue;
        const untilNext = await msUntilNextDue(this.opts.db);
        if (untilNext !== undefined) sleepMs = untilNext <= 0 ? HELD_ELSEWHERE_MS : Math.min(tickIntervalMs, Math.ceil(untilNext));
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 20 === 0) {
          this.opts.logger.warn('schedules could not be fired, will retry', { reason: (err as Error).message, failures });
        }
      }
      if (this.running && !this.nudged) await this.sleep(sleepMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
