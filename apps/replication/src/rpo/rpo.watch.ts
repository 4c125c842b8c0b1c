import type { DataSource } from 'typeorm';
import type { JsonLogger } from '@tandem/observability';
import type { Outbox } from '@tandem/persistence';
import { rpoAlerts } from '../replication.metrics';
import { alertExceededRpos } from './rpo-alerts';

const BATCH_SIZE = 100;

/**
 * Looks at every application's RPO every `checkMs` and alerts (RpoExceeded) those past their limit, once per
 * newest recovery point. A failed pass (the database away) is logged and tried again at the next check.
 */
export class RpoWatch {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly opts: {
      db: DataSource;
      outbox: Outbox;
      logger: JsonLogger;
      checkMs: number;
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

  /** One pass: alerts until no application is left to alert. */
  async check(): Promise<number> {
    let sent = 0;
    for (;;) {
      const alerts = await alertExceededRpos(this.opts.db, this.opts.outbox, BATCH_SIZE);
      for (const a of alerts) {
        rpoAlerts().inc();
        this.opts.logger.warn('RPO exceeded', {
          namespace: a.namespace,
          schedule: a.schedule,
          clusterPair: a.clusterPair,
          rpoSeconds: Math.round(a.rpoSeconds),
          limitSeconds: a.limitSeconds,
          newestMigration: a.newestMigration,
        });
      }
      sent += alerts.length;
      if (alerts.length < BATCH_SIZE || !this.running) return sent;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.check();
        if (failures > 0) this.opts.logger.info('checking RPOs again', { after: `${failures} failed pass(es)` });
        failures = 0;
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 20 === 0) this.opts.logger.warn('RPOs could not be checked, will retry', { reason: (err as Error).message, failures });
      }
      if (this.running) await this.sleep(this.opts.checkMs);
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
