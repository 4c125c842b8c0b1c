import { BusConnection, JetStreamContext, JetStreamServer } from '@tandem/bus';
import { busNaming, DataOf, SelfTestStepSucceeded } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { handleOnce, MESSAGING_MIGRATIONS, openDatabase } from '@tandem/persistence';
import { nowMs } from './stats';
import { runWorker } from './worker-process';

export interface ConsumerSettings {
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  /** Events to expect; the worker reports once it has handled them all. */
  count: number;
  concurrency: number;
  poolSize: number;
}

/**
 * The receiving service: Tandem's JetStream transport with one handler that commits the inbox row and an
 * effect row in one transaction (`handleOnce`), as every Tandem handler does. It notes when each event's
 * transaction committed (by event index) and how long each transaction took, and sends both to the driver.
 */
runWorker<ConsumerSettings>(async (s, inbox) => {
  const logger = createLogger('bench-consumer', { level: 'warn' });
  const db = await openDatabase({ url: s.databaseUrl, applicationName: 'bench-consumer', migrations: MESSAGING_MIGRATIONS, poolSize: s.poolSize });
  await db.query(`CREATE TABLE bench_effect (id bigserial PRIMARY KEY, event_id text NOT NULL, idx integer NOT NULL)`);
  const bus = await BusConnection.open({ servers: s.natsUrl, name: 'bench-consumer', naming: busNaming(s.prefix) });
  const committedAt = new Array<number>(s.count).fill(0);
  const transactionMs: number[] = [];
  let handled = 0;
  const server = new JetStreamServer({ bus, consumer: 'bench', source: 'bench/consumer', logger, concurrency: s.concurrency });
  server.addHandler(
    SelfTestStepSucceeded.type,
    async (data: DataOf<typeof SelfTestStepSucceeded>, ctx: JetStreamContext) => {
      const index = (data.output as { index: number }).index;
      const begun = nowMs();
      const result = await handleOnce(db, ctx.consumer, ctx.event, (m) =>
        m.query(`INSERT INTO bench_effect (event_id, idx) VALUES ($1, $2)`, [ctx.event.id, index]),
      );
      if (!result.handled) return;
      committedAt[index] = nowMs();
      transactionMs.push(committedAt[index]! - begun);
      if (++handled === s.count) inbox.send({ type: 'result', committedAt, transactionMs });
    },
    true,
  );
  await server.start();
  inbox.send({ type: 'ready' });
  await inbox.until('stop');
  await server.close();
  await bus.drain();
  await db.destroy();
});
