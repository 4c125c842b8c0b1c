import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, freePort, type ServiceProcess, startServiceProcess, tempDir, type TestDatabase } from '@tandem/testing';

export interface AgentUnderTest {
  process: ServiceProcess;
  /** Base URL of its HTTP API. */
  url: string;
  db: TestDatabase;
  /** A connection to its database, for assertions. */
  sql: Client;
  /** Its volumes directory (each subdirectory a volume) and its secrets directory. */
  volumesDir: string;
  secretsDir: string;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  /** Stops the process (SIGTERM), closes the SQL connection and drops its database. */
  destroy(): Promise<void>;
}

/** Starts a real agent process with its own database and directories, and waits until it is ready. */
export async function startAgent(opts: {
  natsUrl: string;
  prefix: string;
  domain: string;
  node?: string;
  env?: Record<string, string>;
  /** `warn` by default; `info` shows what the agent did in its log file. */
  logLevel?: string;
}): Promise<AgentUnderTest> {
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
      TANDEM_LOG_LEVEL: opts.logLevel ?? 'warn',
      TANDEM_AGENT_DOMAIN: opts.domain,
      TANDEM_AGENT_NODE: opts.node ?? `${opts.domain}-node-1`,
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
    url,
    db,
    sql,
    volumesDir,
    secretsDir,
    get: async <T>(path: string) => {
      const res = await fetch(`${url}${path}`);
      return { status: res.status, body: (await res.json()) as T };
    },
    destroy: async () => {
      await service.stop();
      await sql.end().catch(() => undefined);
      await db.drop();
    },
  };
}
