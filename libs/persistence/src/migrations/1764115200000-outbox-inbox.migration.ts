import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox (events waiting to be published) and inbox (messages already handled). */
export class OutboxInbox1764115200000 implements MigrationInterface {
  name = 'OutboxInbox1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tandem_outbox (
        id          text PRIMARY KEY,
        seq         bigserial NOT NULL UNIQUE,
        subject     text NOT NULL,
        type        text NOT NULL,
        event       jsonb NOT NULL,
        headers     jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        sent_at     timestamptz,
        attempts    integer NOT NULL DEFAULT 0,
        last_error  text
      )`);
    await q.query(`CREATE INDEX tandem_outbox_unsent ON tandem_outbox (seq) WHERE sent_at IS NULL`);
    await q.query(`CREATE INDEX tandem_outbox_sent_at ON tandem_outbox (sent_at) WHERE sent_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE tandem_inbox (
        consumer    text NOT NULL,
        message_id  text NOT NULL,
        type        text NOT NULL,
        handled_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await q.query(`CREATE INDEX tandem_inbox_handled_at ON tandem_inbox (handled_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tandem_inbox`);
    await q.query(`DROP TABLE tandem_outbox`);
  }
}
