import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, freePort, type ServiceProcess, startServiceProcess, tempDir, type TestDatabase } from '@tandem/testing';

export interface AgentUnderTest {
  process: ServiceProcess;
  db: TestDatabase;
  /** A connection to its database, for assertions. */
  sql: Client;
  /** Its volumes directory (each subdirectory a volume). */
  volumesDir: string;
  /** Stops the process (SIGTERM), closes the SQL connection and drops its database. */
  destroy(): Promise<void>;
}

/** Starts a real agent process of `domain` with its own database and directories, and waits until it is ready. */
export async function startAgent(opts: { natsUrl: string; prefix: string; domain: string; env?: Record<string, string> }): Promise<AgentUnderTest> {
  const dir = await tempDir(`agent-${opts.domain}`);
  const volumesDir = join(dir, 'volumes');
  const secretsDir = join(dir, 'secrets');
  await Promise.all([mkdir(volumesDir), mkdir(secretsDir)]);
  const db = await createTestDatabase(`agent_${opts.domain.replace(/-/g, '_')}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await startServiceProcess({
    name: `agent-${opts.domain}`,
    entry: 'apps/agent/src/main.ts',
    env: {
      TANDEM_NATS_URL: opts.natsUrl,
      TANDEM_BUS_PREFIX: opts.prefix,
      TANDEM_DATABASE_URL: db.url,
      TANDEM_HTTP_HOST: '127.0.0.1',
      TANDEM_HTTP_PORT: String(port),
      TANDEM_LOG_LEVEL: 'warn',
      TANDEM_AGENT_DOMAIN: opts.domain,
      TANDEM_AGENT_NODE: `${opts.domain}-node-1`,
      TANDEM_AGENT_DATA_DIR: join(dir, 'data'),
      TANDEM_AGENT_VOLUMES_DIR: volumesDir,
      TANDEM_AGENT_SECRETS_DIR: secretsDir,
      ...opts.env,
    },
    readyUrl: `${url}/readyz`,
  });
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  return {
    process: service,
    db,
    sql,
    volumesDir,
    destroy: async () => {
      await service.stop();
      await sql.end().catch(() => undefined);
      await db.drop();
    },
  };
}
