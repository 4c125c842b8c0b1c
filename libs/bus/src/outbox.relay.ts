import type { DataSource } from 'typeorm';
import { CloudEvent, encodeCloudEvent } from '@tandem/contracts';
import { counter, JsonLogger } from '@tandem/observability';
import type { Outbox } from '@tandem/persistence';
import { BusConnection } from './bus.connection';
import { describeError } from './handling-error';

export interface OutboxRelayOptions {
  db: DataSource;
  bus: BusConnection;
  logger: JsonLogger;
  /** This process's outbox: its writes wake the relay at once. Rows of other writers are found by the sweep. */
  outbox?: Outbox;
  /** Rows taken per round. */
  batchSize?: number;
  /** The sweep that catches whatever a notification missed (the reconciler). */
  sweepIntervalMs?: number;
  /** How long published rows are kept (for audit) before they are pruned. */
  keepSentMs?: number;
}

interface Row {
  id: string;
  subject: string;
  event: CloudEvent<unknown>;
}

const published = () => counter('tandem_outbox_published_total', 'Outbox rows published to JetStream', []);
const publishFailures = () => counter('tandem_outbox_publish_failures_total', 'Outbox publishes that failed and will be retried', []);

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` = the row id, and marks them sent only after
 * the JetStream ack. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so relays of several replicas share the
 * work and a relay that dies releases its rows. It wakes when its process writes to the outbox and, as a
 * reconciler, sweeps on a timer for whatever else is unsent: rows of a writer that died before its relay ran,
 * rows another replica wrote, publishes that failed. A crash between publish and
 * mark re-publishes the same id, which JetStream's de-duplication window drops.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = true;
  private unsubscribe?: () => void;
  private lastPrune = 0;

  constructor(private readonly opts: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.running = true;
    this.unsubscribe = this.opts.outbox?.onWritten(() => this.nudge());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  /** Publishes everything unsent now; returns how many rows went out. Used by the loop and by tests. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.round();
      total += n;
      if (n < (this.opts.batchSize ?? 500)) return total;
    }
  }

  private nudge(): void {
    this.pending = true;
    this.wake?.();
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

  private async run(): Promise<void> {
    const sweepMs = this.opts.sweepIntervalMs ?? 1_000;
    let failures = 0;
    // After a nudge the writer's transaction may not have committed yet: look again shortly, a few times.
    let followUps = 0;
    while (this.running) {
      if (failures > 0) await this.sleep(Math.min(5_000, 100 * 2 ** failures));
      else if (!this.pending) await this.sleep(followUps > 0 ? 4 * 2 ** (3 - followUps) : sweepMs);
      if (!this.running) break;
      if (this.pending) followUps = 3;
      this.pending = false;
      try {
        const sent = await this.flush();
        failures = 0;
        followUps = sent > 0 ? 3 : Math.max(0, followUps - 1);
        await this.prune();
      } catch (err) {
        failures = Math.min(failures + 1, 6);
        this.opts.logger.warn('outbox relay round failed, will retry', { reason: describeError(err), failures });
      }
    }
  }

  private async round(): Promise<number> {
    const { db, bus } = this.opts;
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows: Row[] = await runner.query(
        `SELECT id, subject, event FROM tandem_outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.opts.batchSize ?? 500],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const results = await Promise.allSettled(
        rows.map((r) => {
          const headers: Record<string, string> = { 'Content-Type': 'application/cloudevents+json' };
          if (r.event.traceparent) headers.traceparent = r.event.traceparent;
          return bus.publish(r.subject, encodeCloudEvent(r.event), { msgID: r.id, headers });
        }),
      );
      const sent = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i]!.status === 'rejected');
      if (sent.length > 0) {
        await runner.query(`UPDATE tandem_outbox SET sent_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ANY($1)`, [sent]);
      }
      if (failed.length > 0) {
        const reason = describeError((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason);
        await runner.query(`UPDATE tandem_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)`, [failed.map((r) => r.id), reason]);
      }
      await runner.commitTransaction();
      published().inc(sent.length);
      if (failed.length > 0) {
        publishFailures().inc(failed.length);
        throw new Error(`${failed.length} of ${rows.length} outbox messages could not be published`);
      }
      return rows.length;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const keepMs = this.opts.keepSentMs ?? 3_600_000;
    await this.opts.db.query(
      `DELETE FROM tandem_outbox WHERE sent_at IS NOT NULL AND sent_at < clock_timestamp() - ($1 || ' milliseconds')::interval`,
      [String(keepMs)],
    );
    // The inbox must remember a message for longer than JetStream may redeliver it (streams keep 7 days).
    await this.opts.db.query(`DELETE FROM tandem_inbox WHERE handled_at < clock_timestamp() - interval '8 days'`);
  }
}
