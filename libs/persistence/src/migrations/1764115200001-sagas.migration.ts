import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Saga instances, their append-only step log, and their durable timers. */
export class Sagas1764115200001 implements MigrationInterface {
  name = 'Sagas1764115200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tandem_saga (
        id           text PRIMARY KEY,
        name         text NOT NULL,
        phase        text NOT NULL CHECK (phase IN ('Running','Completed','Compensating','Compensated','Failed')),
        state        jsonb NOT NULL,
        revision     integer NOT NULL DEFAULT 0,
        traceparent  text,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        ended_at     timestamptz
      )`);
    await q.query(`CREATE INDEX tandem_saga_phase ON tandem_saga (phase, updated_at)`);
    await q.query(`
      CREATE TABLE tandem_saga_log (
        saga_id  text NOT NULL REFERENCES tandem_saga(id) ON DELETE CASCADE,
        seq      integer NOT NULL,
        type     text NOT NULL,
        event    jsonb NOT NULL,
        at       timestamptz NOT NULL,
        PRIMARY KEY (saga_id, seq)
      )`);
    await q.query(`
      CREATE TABLE tandem_saga_timer (
        saga_id  text NOT NULL REFERENCES tandem_saga(id) ON DELETE CASCADE,
        key      text NOT NULL,
        due_at   timestamptz NOT NULL,
        trigger  jsonb NOT NULL,
        PRIMARY KEY (saga_id, key)
      )`);
    await q.query(`CREATE INDEX tandem_saga_timer_due ON tandem_saga_timer (due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tandem_saga_timer`);
    await q.query(`DROP TABLE tandem_saga_log`);
    await q.query(`DROP TABLE tandem_saga`);
  }
}
