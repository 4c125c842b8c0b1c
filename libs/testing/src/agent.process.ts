import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { type HttpAnswer, startService } from './service-under-test';
import type { ServiceProcess } from './service.process';
import { createTestDatabase, type TestDatabase } from './test-database.postgres';
import { tempDir } from './temp-dir.util';

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
  /** GET on its HTTP API; the body parsed as JSON when it is JSON, else the text. */
  get<T>(path: string): Promise<HttpAnswer<T>>;
  /** Stops the process (SIGTERM), closes the SQL connection and drops its database. */
  destroy(): Promise<void>;
}

export interface StartAgentOptions {
  natsUrl: string;
  prefix: string;
  /** The cluster domain it serves (`TANDEM_AGENT_DOMAIN`). */
  domain: string;
  /** Its node name; `<domain>-node-1` by default. */
  node?: string;
  env?: Record<string, string>;
  /** `warn` by default; `info` shows what the agent did in its log file. */
  logLevel?: string;
}

/** Starts a real agent process of `domain` with its own database and directories, and waits until it is ready. */
export async function startAgent(opts: StartAgentOptions): Promise<AgentUnderTest> {
  const dir = await tempDir(`agent-${opts.domain}`);
  const volumesDir = join(dir, 'volumes');
  const secretsDir = join(dir, 'secrets');
  await Promise.all([mkdir(volumesDir), mkdir(secretsDir)]);
  const db = await createTestDatabase(`agent_${opts.domain.replace(/-/g, '_')}`);
  const service = await startService({
    app: 'agent',
    name: `agent-${opts.domain}`,
    natsUrl: opts.natsUrl,
    prefix: opts.prefix,
    databaseUrl: db.url,
    env: {
      TANDEM_LOG_LEVEL: opts.logLevel ?? 'warn',
      TANDEM_AGENT_DOMAIN: opts.domain,
      TANDEM_AGENT_NODE: opts.node ?? `${opts.domain}-node-1`,
      TANDEM_AGENT_DATA_DIR: join(dir, 'data'),
      TANDEM_AGENT_VOLUMES_DIR: volumesDir,
      TANDEM_AGENT_SECRETS_DIR: secretsDir,
      ...opts.env,
    },
  });
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  return {
    process: service.process,
    url: service.url,
    db,
    sql,
    volumesDir,
    secretsDir,
    get: (path) => service.request('GET', path),
    destroy: async () => {
      await service.process.stop();
      await sql.end().catch(() => undefined);
      await db.drop();
    },
  };
}
