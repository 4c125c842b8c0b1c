import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler's state: schedule policies, migration schedules (with the anchor their interval grid counts from,
 * their suspension, the fire time last acted on per policy type and when to look at them next), and the
 * migrations they started. A migration's name is a pure function of its schedule and fire time, so replicas
 * racing to start the same run collide on the primary key; and a schedule has at most one unfinished migration.
 */
export class Scheduler1764115400000 implements MigrationInterface {
  name = 'Scheduler1764115400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduler_schedule_policy (
        name         text PRIMARY KEY,
        namespace    text,
        api_version  text NOT NULL,
        policy       jsonb NOT NULL,
        resource     jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at   timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE scheduler_migration_schedule (
        namespace             text NOT NULL,
        name                  text NOT NULL,
        api_version           text NOT NULL,
        schedule_policy_name  text NOT NULL REFERENCES scheduler_schedule_policy (name),
        template              jsonb NOT NULL,
        resource              jsonb NOT NULL,
        auto_suspend          boolean NOT NULL,
        suspended             boolean NOT NULL,
        suspended_at          timestamptz,
        resumed_at            timestamptz,
        anchor                timestamptz NOT NULL,
        last_fired            jsonb NOT NULL DEFAULT '{}'::jsonb,
        next_wake_up          timestamptz,
        skipped_runs          integer NOT NULL DEFAULT 0,
        last_skipped_at       timestamptz,
        last_skip_message     text,
        last_error            text,
        created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (namespace, name),
        CHECK (NOT suspended OR next_wake_up IS NULL)
      )`);
    await q.query(`CREATE INDEX scheduler_migration_schedule_due ON scheduler_migration_schedule (next_wake_up) WHERE next_wake_up IS NOT NULL`);
    await q.query(`CREATE INDEX scheduler_migration_schedule_policy ON scheduler_migration_schedule (schedule_policy_name)`);
    await q.query(`
      CREATE TABLE scheduler_migration (
        namespace             text NOT NULL,
        name                  text NOT NULL,
        schedule_name         text NOT NULL,
        schedule_policy_name  text NOT NULL,
        policy_type           text NOT NULL CHECK (policy_type IN ('interval', 'daily', 'weekly', 'monthly')),
        fired_at              timestamptz NOT NULL,
        missed                integer NOT NULL DEFAULT 0 CHECK (missed >= 0),
        first_missed_at       timestamptz,
        covers                text[] NOT NULL DEFAULT '{}',
        status                text NOT NULL CHECK (status IN ('Pending', 'InProgress', 'Successful', 'PartialSuccess', 'Failed')),
        reason                text,
        created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at           timestamptz,
        updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (namespace, name),
        FOREIGN KEY (namespace, schedule_name) REFERENCES scheduler_migration_schedule (namespace, name) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE UNIQUE INDEX scheduler_migration_one_unfinished ON scheduler_migration (namespace, schedule_name) WHERE status IN ('Pending', 'InProgress')`,
    );
    await q.query(`CREATE INDEX scheduler_migration_by_schedule ON scheduler_migration (namespace, schedule_name, fired_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduler_migration`);
    await q.query(`DROP TABLE scheduler_migration_schedule`);
    await q.query(`DROP TABLE scheduler_schedule_policy`);
  }
}
