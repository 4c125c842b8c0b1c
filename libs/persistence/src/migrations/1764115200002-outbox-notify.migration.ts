import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wakes the outbox relay when rows are committed: a statement-level trigger sends one NOTIFY per writing
 * statement (Postgres folds repeats within a transaction and delivers them at commit), so writers need no
 * extra round trip for it.
 */
export class OutboxNotify1764115200002 implements MigrationInterface {
  name = 'OutboxNotify1764115200002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tandem_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tandem_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tandem_outbox_notify AFTER INSERT ON tandem_outbox
      FOR EACH STATEMENT EXECUTE FUNCTION tandem_outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tandem_outbox_notify ON tandem_outbox`);
    await q.query(`DROP FUNCTION tandem_outbox_notify()`);
  }
}
