import { setTimeout as sleep } from 'node:timers/promises';
import { BusConnection, OutboxRelay } from '@tandem/bus';
import { busNaming, SelfTestStepSucceeded } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { MESSAGING_MIGRATIONS, openDatabase, Outbox } from '@tandem/persistence';
import { nowMs } from './stats';
import { runWorker } from './worker-process';

export interface ProducerSettings {
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  count: number;
  /** Events written per transaction. */
  perTransaction: number;
  /** Transactions in flight at once. */
  parallel: number;
  /** Offered load in events per second; 0 writes as fast as the database takes it. */
  rate: number;
  relayBatchSize: number;
}

/**
 * The sending service: writes events into its outbox in transactions, and runs Tandem's outbox relay, which
 * publishes them to JetStream after commit. Notes when each event's transaction committed.
 */
runWorker<ProducerSettings>(async (s, inbox) => {
  const logger = createLogger('bench-producer', { level: 'warn' });
  const db = await openDatabase({ url: s.databaseUrl, applicationName: 'bench-producer', migrations: MESSAGING_MIGRATIONS, poolSize: s.parallel + 2 });
  const bus = await BusConnection.open({ servers: s.natsUrl, name: 'bench-producer', naming: busNaming(s.prefix) });
  const outbox = new Outbox(bus.naming, 'bench/producer');
  const relay = new OutboxRelay({ db, bus, outbox, logger, batchSize: s.relayBatchSize });
  await relay.start();
  inbox.send({ type: 'ready' });
  await inbox.until('go');

  const committedAt = new Array<number>(s.count).fill(0);
  const batches = Math.ceil(s.count / s.perTransaction);
  const start = nowMs();
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let b = next++; b < batches; b = next++) {
      if (s.rate > 0) await sleep(Math.max(0, start + (b * s.perTransaction * 1000) / s.rate - nowMs()));
      const indexes = Array.from({ length: Math.min(s.perTransaction, s.count - b * s.perTransaction) }, (_, k) => b * s.perTransaction + k);
      await db.transaction((m) =>
        outbox.append(
          m,
          indexes.map((index) => ({
            definition: SelfTestStepSucceeded,
            data: { sagaRef: { sagaId: `event-${index}`, step: 'bench', attempt: 1, action: 'do' as const }, output: { index } },
          })),
        ),
      );
      const at = nowMs();
      for (const i of indexes) committedAt[i] = at;
    }
  };
  await Promise.all(Array.from({ length: s.parallel }, lane));
  inbox.send({ type: 'result', committedAt });

  await inbox.until('stop');
  await relay.stop();
  await bus.drain();
  await db.destroy();
});
