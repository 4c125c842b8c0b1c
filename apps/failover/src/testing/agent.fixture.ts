import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, freePort, type ServiceProcess, startServiceProcess, tempDir, type TestDatabase } from '@tandem/testing';

/**
 * A real agent process of one cluster domain, with its own database and directories (a trimmed copy of the agent's
 * own fixture, which apps do not share): it sends heartbeats and obeys set-domain-epoch on the given bus prefix.
 */
export interface AgentUnderTest {
  process: ServiceProcess;
  url: string;
  volumesDir: string;
  /** A master key file in the agent's secrets directory, for data commands. */
  masterKeyFile: string;
  destroy(): Promise<void>;
}

export async function startAgent(opts: { natsUrl: string; prefix: string; domain: string; heartbeatMs: number }): Promise<AgentUnderTest> {
  const dir = await tempDir(`fo-agent-${opts.domain}`);
  const volumesDir = join(dir, 'volumes');
  const secretsDir = join(dir, 'secrets');
  await Promise.all([mkdir(volumesDir), mkdir(secretsDir)]);
  const masterKeyFile = join(secretsDir, 'master-key');
  await writeFile(masterKeyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const db: TestDatabase = await createTestDatabase(`fo_agent_${opts.domain.replace(/-/g, '_')}`);
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
      TANDEM_AGENT_HEARTBEAT_MS: String(opts.heartbeatMs),
    },
    readyUrl: `${url}/readyz`,
  });
  return {
    process: service,
    url,
    volumesDir,
    masterKeyFile,
    destroy: async () => {
      await service.stop();
      await db.drop();
    },
  };
}
