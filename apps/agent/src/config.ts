import { hostname } from 'node:os';
import { env, readConfig, serviceRuntimeConfig } from '@tandem/service';

/** The agent's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      domain: env.str('TANDEM_AGENT_DOMAIN', { default: 'primary' }),
      node: env.str('TANDEM_AGENT_NODE', { default: hostname() }),
      dataDir: env.str('TANDEM_AGENT_DATA_DIR', { default: '/var/lib/tandem/agent' }),
    },
    source,
  );
export type AgentConfig = ReturnType<typeof loadConfig>;
