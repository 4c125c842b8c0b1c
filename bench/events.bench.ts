import { join } from 'node:path';
import { createTestDatabase, NatsServerHandle, uniqueName } from '@tandem/testing';
import { deferCleanup } from './cleanup';
import { cpuBetween, CpuReport, cpuSnapshot, cpuVerdict } from './cpu-usage';
import type { ConsumerSettings } from './events-consumer.worker';
import type { ProducerSettings } from './events-producer.worker';
import { eventStages, EventStages } from './events-stages';
import { describeSessions, pgCounters, sampleSessions, SessionStates, waitForSessionsGone } from './pg-stats';
import { distribution, Distribution, round } from './stats';
import { WorkerProcess } from './worker-process';

export interface EventsOptions {
  count: number;
  /** Events the producer writes per transaction, and transactions it keeps in flight. */
  perTransaction: number;
  parallel: number;
  /** Offered events per second; 0 writes them as fast as Postgres takes them. */
  rate: number;
  relayBatchSize: number;
  /** Consumer: handlers at once, and its Postgres connections. */
  concurrency: number;
  poolSize: number;
  /** Where to write CPU profiles of the producer and the consumer; none when undefined. */
  profileDir?: string;
}

export interface EventsResult extends Distribution {
  count: number;
  per_second: number;
  /** How fast the producer committed them (it may run ahead of the pipeline). */
  produced_per_second: number;
  duration_s: number;
  settings: EventsOptions;
  stages: EventStages & { consumer_transaction_p50_ms: number; consumer_transaction_p99_ms: number };
  cpu: CpuReport;
  /** Transactions per event from pg_stat_database (the producer's include the relay's rounds). */
  postgres: { producer_transactions_per_event: number; consumer_transactions_per_event: number; sessions: SessionStates };
  limits: string;
}

const RUN_TIMEOUT_MS = 180_000;

type Committed = { type: 'result'; committedAt: number[] };

/**
 * Events end to end across two processes with a database each, as two Tandem services are deployed: a producer
 * (outbox writes + outbox relay) and a consumer (JetStream transport + inbox). An event's latency is the
 * consumer's commit minus the producer's commit; throughput is the count over first producer commit to last
 * consumer commit.
 */
export async function runEventsBench(nats: NatsServerHandle, o: EventsOptions): Promise<EventsResult> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const [producerDb, consumerDb] = await Promise.all([createTestDatabase('bench_producer'), createTestDatabase('bench_consumer')]);
    for (const db of [producerDb, consumerDb]) cleanups.unshift(deferCleanup(() => db.drop()));
    const common = { natsUrl: nats.url, prefix: uniqueName('bench'), count: o.count };
    const consumerSettings: ConsumerSettings = { ...common, databaseUrl: consumerDb.url, concurrency: o.concurrency, poolSize: o.poolSize };
    const consumer = WorkerProcess.start('consumer', join(__dirname, 'events-consumer.worker.ts'), consumerSettings, o.profileDir);
    cleanups.unshift(deferCleanup(() => consumer.stop()));
    await consumer.next('ready', 60_000);
    const producerSettings: ProducerSettings = {
      ...common,
      databaseUrl: producerDb.url,
      perTransaction: o.perTransaction,
      parallel: o.parallel,
      rate: o.rate,
      relayBatchSize: o.relayBatchSize,
    };
    const producer = WorkerProcess.start('producer', join(__dirname, 'events-producer.worker.ts'), producerSettings, o.profileDir);
    cleanups.unshift(deferCleanup(() => producer.stop()));
    await producer.next('ready', 60_000);

    const sessions = await sampleSessions({ producer: producerDb.name, consumer: consumerDb.name });
    cleanups.unshift(deferCleanup(async () => void (await sessions.stop())));
    const before = cpuSnapshot();
    producer.send({ type: 'go' });
    const [produced, consumed] = await Promise.all([
      producer.next<Committed>('result', RUN_TIMEOUT_MS),
      consumer.next<Committed & { transactionMs: number[] }>('result', RUN_TIMEOUT_MS),
    ]);
    const cpu = cpuBetween(before, cpuSnapshot(), { producer: producer.pid, consumer: consumer.pid, 'nats-server': nats.pid, driver: process.pid });
    const states = await sessions.stop();
    await Promise.all([producer.stop(), consumer.stop()]);
    const transaction = distribution(consumed.transactionMs);
    const stages = {
      ...(await eventStages(producerDb.url, consumerDb.url)),
      consumer_transaction_p50_ms: transaction.p50_ms,
      consumer_transaction_p99_ms: transaction.p99_ms,
    };
    await waitForSessionsGone([producerDb.name, consumerDb.name]);
    const pg = await pgCounters([producerDb.name, consumerDb.name]);

    const first = Math.min(...produced.committedAt);
    const durationS = (Math.max(...consumed.committedAt) - first) / 1000;
    const producedS = (Math.max(...produced.committedAt) - first) / 1000;
    const perEvent = (db: string) => round(pg.commits[db]! / o.count, 2);
    const postgres = {
      producer_transactions_per_event: perEvent(producerDb.name),
      consumer_transactions_per_event: perEvent(consumerDb.name),
      sessions: states,
    };
    return {
      count: o.count,
      per_second: Math.round(o.count / durationS),
      ...distribution(consumed.committedAt.map((t, i) => t - produced.committedAt[i]!)),
      produced_per_second: Math.round(o.count / Math.max(producedS, 0.001)),
      duration_s: round(durationS, 2),
      settings: o,
      stages,
      cpu,
      postgres,
      limits: eventsLimits(o, stages, cpu, postgres),
    };
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

function eventsLimits(o: EventsOptions, stages: EventsResult['stages'], cpu: CpuReport, pg: EventsResult['postgres']): string {
  const { relay_per_second: relay, consumer_per_second: consumer } = stages;
  const bound =
    o.rate > 0 && Math.min(relay, consumer) >= o.rate * 0.97
      ? `offered ${o.rate}/s, which both stages kept up with (relay ${relay}/s, consumer ${consumer}/s)`
      : consumer <= relay
        ? `consumer-bound at ${consumer}/s: one Postgres transaction per event (p50 ${stages.consumer_transaction_p50_ms} ms, ` +
          `${o.concurrency} handlers on ${o.poolSize} connections); the relay managed ${relay}/s`
        : `relay-bound at ${relay}/s: each publish waits for its JetStream ack, and the server fsyncs every message ` +
          `(sync_interval: always); the consumer managed ${consumer}/s`;
  return (
    `${bound}; ${cpuVerdict(cpu, ['consumer', 'producer'])}; Postgres sessions on average: ${describeSessions(pg.sessions)} ` +
    `('idle in transaction' = waiting for the service's next statement)`
  );
}
