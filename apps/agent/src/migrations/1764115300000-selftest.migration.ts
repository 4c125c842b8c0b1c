import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the agent did for each self-test command: the record behind "done once". */
export class AgentSelfTest1764115300000 implements MigrationInterface {
  name = 'AgentSelfTest1764115300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_selftest_effect (
        id          bigserial PRIMARY KEY,
        command_id  text NOT NULL,
        saga_id     text NOT NULL,
        step        text NOT NULL,
        action      text NOT NULL,
        attempt     integer NOT NULL,
        outcome     text NOT NULL,
        output      jsonb,
        at          timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX agent_selftest_effect_saga ON agent_selftest_effect (saga_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_selftest_effect`);
  }
}
