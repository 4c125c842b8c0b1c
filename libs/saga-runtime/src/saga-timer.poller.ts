import type { DataSource } from 'typeorm';
import type { JsonLogger } from '@tandem/observability';
import type { SagaTrigger } from '@tandem/sagas';
import type { SagaEngine } from './saga.engine';

export interface SagaTimerPollerOptions {
  db: DataSource;
  engine: SagaEngine;
  logger: JsonLogger;
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Fires due saga timers (step deadlines, retry backoffs). Timers live in Postgres, so they survive restarts:
 * one that fell due while the coordinator was down fires when it is back. Each timer fires in its own
 * transaction that locks the saga first and the timer second — the order every other saga transaction uses —
 * and re-reads it, so replicas racing for the same timer fire it once.
 */
export class SagaTimerPoller {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly opts: SagaTimerPollerOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Fires every timer due now; returns how many fired. */
  async fireDue(): Promise<number> {
    const due: { saga_id: string; key: string }[] = await this.opts.db.query(
      `SELECT saga_id, key FROM tandem_saga_timer WHERE due_at <= clock_timestamp() ORDER BY due_at LIMIT $1`,
      [this.opts.batchSize ?? 200],
    );
    let fired = 0;
    for (const t of due) {
      const done = await this.opts.db.transaction(async (m) => {
        const saga: unknown[] = await m.query(`SELECT id FROM tandem_saga WHERE id = $1 FOR UPDATE`, [t.saga_id]);
        if (saga.length === 0) return false;
        // TypeORM answers a DELETE with [rows, count].
        const [rows]: [{ trigger: SagaTrigger }[], number] = await m.query(
          `DELETE FROM tandem_saga_timer WHERE saga_id = $1 AND key = $2 AND due_at <= clock_timestamp() RETURNING trigger`,
          [t.saga_id, t.key],
        );
        const timer = rows[0];
        if (!timer) return false;
        await this.opts.engine.apply(m, t.saga_id, timer.trigger);
        return true;
      });
      if (done) fired++;
    }
    return fired;
  }

  private async run(): Promise<void> {
    const interval = this.opts.intervalMs ?? 200;
    while (this.running) {
      try {
        await this.fireDue();
      } catch (err) {
        this.opts.logger.warn('saga timers could not fire, will retry', { reason: (err as Error).message });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
