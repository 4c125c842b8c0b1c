import { Client } from 'pg';
import { round } from './stats';

export interface EventStages {
  /** Outbox row written → relay marked it sent (after the JetStream ack). */
  relay_lag_p50_ms: number;
  relay_lag_p99_ms: number;
  /** Rows per second the relay published, first row written to last row sent. */
  relay_per_second: number;
  /** Inbox rows per second the consumer committed, first to last. */
  consumer_per_second: number;
}

/** Where the time went, from the timestamps Postgres stored: outbox `created_at`/`sent_at`, inbox `handled_at`. */
export async function eventStages(producerUrl: string, consumerUrl: string): Promise<EventStages> {
  const relay = await queryOne(
    producerUrl,
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99,
            count(*) / extract(epoch FROM max(sent_at) - min(created_at)) AS rate
       FROM (SELECT created_at, sent_at, extract(epoch FROM sent_at - created_at) * 1000 AS lag FROM tandem_outbox) o`,
  );
  const consumer = await queryOne(
    consumerUrl,
    `SELECT count(*) / nullif(extract(epoch FROM max(handled_at) - min(handled_at)), 0) AS rate FROM tandem_inbox`,
  );
  return {
    relay_lag_p50_ms: round(Number(relay.p50)),
    relay_lag_p99_ms: round(Number(relay.p99)),
    relay_per_second: Math.round(Number(relay.rate)),
    consumer_per_second: Math.round(Number(consumer.rate)),
  };
}

async function queryOne(url: string, sql: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as Record<string, unknown>;
  } finally {
    await client.end();
  }
}
