import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent's fencing and jobs: the highest epoch known per domain, the commands refused for a stale epoch (the
 * record behind "refused, not executed"), and the jobs commands asked for, from acceptance to their result.
 */
export class AgentJobs1764115300001 implements MigrationInterface {
  name = 'AgentJobs1764115300001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_domain_epoch (
        domain      text PRIMARY KEY,
        epoch       bigint NOT NULL CHECK (epoch >= 0),
        reason      text,
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE agent_fenced_command (
        command_id     text PRIMARY KEY,
        type           text NOT NULL,
        request_id     text,
        domain         text NOT NULL,
        epoch          bigint NOT NULL,
        current_epoch  bigint NOT NULL,
        reason         text NOT NULL,
        at             timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE agent_job (
        request_id       text PRIMARY KEY,
        kind             text NOT NULL,
        status           text NOT NULL CHECK (status IN ('Accepted', 'Running', 'Succeeded', 'Failed')),
        domain           text NOT NULL,
        node             text NOT NULL,
        epoch            bigint NOT NULL,
        command_id       text NOT NULL,
        command          jsonb NOT NULL,
        waiters          jsonb NOT NULL DEFAULT '[]'::jsonb,
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz,
        last_error       text,
        checkpoint       jsonb,
        bytes_done       bigint NOT NULL DEFAULT 0,
        bytes_total      bigint NOT NULL DEFAULT 0,
        files_done       bigint NOT NULL DEFAULT 0,
        files_total      bigint NOT NULL DEFAULT 0,
        output           jsonb,
        reason           text,
        retryable        boolean,
        accepted_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        started_at       timestamptz,
        finished_at      timestamptz,
        updated_at       timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX agent_job_open ON agent_job (node, accepted_at) WHERE status IN ('Accepted', 'Running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_job`);
    await q.query(`DROP TABLE agent_fenced_command`);
    await q.query(`DROP TABLE agent_domain_epoch`);
  }
}
