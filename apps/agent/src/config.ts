import { hostname } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { domainName } from '@tandem/contracts';
import { ConfigError, type ConfigVar, env, readConfig, serviceRuntimeConfig } from '@tandem/service';

const DEFAULT_DATA_DIR = '/var/lib/tandem/agent';

/** A cluster domain name, checked like the bus checks it (it becomes part of subjects and consumer names). */
function domainVar(name: string, options: { default: string }): ConfigVar<string>;
function domainVar(name: string, options: { optional: true }): ConfigVar<string | undefined>;
function domainVar(name: string, options: { default?: string; optional?: true }): ConfigVar<string | undefined> {
  return {
    name,
    read: (source) => {
      const raw = source[name];
      if (raw === undefined || raw === '') return { ok: true, value: options.default };
      const checked = domainName.parse(raw, name);
      return checked.ok ? { ok: true, value: checked.value } : { ok: false, problem: `${checked.reason} (a cluster domain name, e.g. primary or dr-site)` };
    },
  };
}

/** An absolute directory path. */
function absoluteDir(name: string, options: { default: string }): ConfigVar<string>;
function absoluteDir(name: string, options: { optional: true }): ConfigVar<string | undefined>;
function absoluteDir(name: string, options: { default?: string; optional?: true }): ConfigVar<string | undefined> {
  return {
    name,
    read: (source) => {
      const raw = source[name];
      if (raw === undefined || raw === '') return { ok: true, value: options.default };
      return isAbsolute(raw) ? { ok: true, value: raw } : { ok: false, problem: `${name}="${raw}": expected an absolute path` };
    },
  };
}

/** The agent's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) => {
  const config = readConfig(
    {
      ...serviceRuntimeConfig,
      domain: domainVar('TANDEM_AGENT_DOMAIN', { default: 'primary' }),
      node: env.str('TANDEM_AGENT_NODE', { default: hostname() }),
      dataDir: absoluteDir('TANDEM_AGENT_DATA_DIR', { default: DEFAULT_DATA_DIR }),
      /** Each subdirectory is a volume this agent can reach (lab layout). Default `<data dir>/volumes`. */
      volumesDir: absoluteDir('TANDEM_AGENT_VOLUMES_DIR', { optional: true }),
      heartbeatMs: env.int('TANDEM_AGENT_HEARTBEAT_MS', { default: 10_000, min: 100, max: 3_600_000 }),
      /** The cluster domain whose agents this one probes for round-trip time; none, no probing. */
      peerDomain: domainVar('TANDEM_AGENT_PEER_DOMAIN', { optional: true }),
      probeIntervalMs: env.int('TANDEM_AGENT_PROBE_INTERVAL_MS', { default: 10_000, min: 100, max: 3_600_000 }),
      probeCount: env.int('TANDEM_AGENT_PROBE_COUNT', { default: 5, min: 1, max: 100 }),
      probeTimeoutMs: env.int('TANDEM_AGENT_PROBE_TIMEOUT_MS', { default: 1_000, min: 10, max: 60_000 }),
      /**
       * Jobs (back-ups, restores …) this agent runs at once. Each holds one database connection (its lock) while it
       * runs, of the pool's ten; the data path already uses every core within one job.
       */
      jobConcurrency: env.int('TANDEM_AGENT_JOB_CONCURRENCY', { default: 2, min: 1, max: 4 }),
      /** Attempts of a job whose failures are transient (store unreachable) before it is reported failed. */
      jobMaxAttempts: env.int('TANDEM_AGENT_JOB_MAX_ATTEMPTS', { default: 10, min: 1, max: 1_000 }),
      /** How often waiting and interrupted jobs are looked for. */
      jobPollMs: env.int('TANDEM_AGENT_JOB_POLL_MS', { default: 2_000, min: 50, max: 600_000 }),
      /** Least time between two progress events of one job. */
      progressIntervalMs: env.int('TANDEM_AGENT_PROGRESS_INTERVAL_MS', { default: 1_000, min: 100, max: 600_000 }),
      /** Upload bandwidth limit per agent, bytes per second; 0 is unlimited. */
      uploadBytesPerSecond: env.int('TANDEM_AGENT_UPLOAD_BYTES_PER_SECOND', { default: 0, min: 0 }),
      /** Secret files a command may name (masterKeyRef, credentialsRef) must be under this directory. */
      secretsDir: absoluteDir('TANDEM_AGENT_SECRETS_DIR', { default: '/var/run/secrets/tandem' }),
      /** Environment variables a command may name as secret holders must start with this prefix. */
      secretEnvPrefix: env.str('TANDEM_AGENT_SECRET_ENV_PREFIX', { default: 'TANDEM_SECRET_' }),
    },
    source,
  );
  const problems: string[] = [];
  if (config.peerDomain === config.domain) {
    problems.push(`TANDEM_AGENT_PEER_DOMAIN="${config.peerDomain}": the peer must be another domain than TANDEM_AGENT_DOMAIN`);
  }
  if (!/^[A-Z_][A-Z0-9_]*$/.test(config.secretEnvPrefix)) {
    problems.push(`TANDEM_AGENT_SECRET_ENV_PREFIX="${config.secretEnvPrefix}": expected upper-case letters, digits and _, e.g. TANDEM_SECRET_`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, volumesDir: config.volumesDir ?? join(config.dataDir, 'volumes') };
};
export type AgentConfig = ReturnType<typeof loadConfig>;

/**
 * The value of an environment variable a command names as a secret's holder (`{ env: NAME }`). Only this file
 * reads the environment; the caller checks the name is allowed first.
 */
export const readSecretEnv = (name: string, source: NodeJS.ProcessEnv = process.env): string | undefined => source[name];
