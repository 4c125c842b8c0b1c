import { isAbsolute } from 'node:path';
import type { ObjectStoreRef } from '@tandem/resources';
import { type ConfigVar, env, readConfig, serviceRuntimeConfig, siteConfig } from '@tandem/service';
import { metroLatencyLimitVar } from './pairs/metro-latency-limit';
import { parseObjectStoreSetting } from './pairs/object-store-setting';

const absoluteDir = (name: string, fallback: string): ConfigVar<string> => ({
  name,
  read: (source) => {
    const raw = source[name];
    if (raw === undefined || raw === '') return { ok: true, value: fallback };
    return isAbsolute(raw) ? { ok: true, value: raw.replace(/\/+$/, '') || '/' } : { ok: false, problem: `${name}="${raw}": expected an absolute path` };
  },
});

const objectStoreVar = (name: string): ConfigVar<ObjectStoreRef | undefined> => ({
  name,
  read: (source) => {
    const raw = source[name];
    if (raw === undefined || raw === '') return { ok: true, value: undefined };
    const parsed = parseObjectStoreSetting(raw.trim());
    return parsed.ok ? parsed : { ok: false, problem: `${name}=${parsed.problem}` };
  },
});

const envVarName = (name: string, fallback: string): ConfigVar<string> => ({
  name,
  read: (source) => {
    const raw = source[name];
    if (raw === undefined || raw === '') return { ok: true, value: fallback };
    return /^[A-Z_][A-Z0-9_]*$/.test(raw) ? { ok: true, value: raw } : { ok: false, problem: `${name}="${raw}": expected an environment variable name (upper-case letters, digits and _)` };
  },
});

/** The failover service's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /** This site's cluster domain. */
      domain: siteConfig.domain,
      /** This site's platform (`lab:<site dir>` or `kubernetes[:<kubeconfig>]`), where pairs' Secrets are read. */
      platform: siteConfig.platform,
      /** This site's failover API as other sites reach it: the endpoint of the pairs `generate` prints. */
      publicUrl: env.url('TANDEM_FAILOVER_PUBLIC_URL', { protocols: ['http', 'https'], optional: true }),
      /** The object store offered to the sites that pair with this one; unset, `generate` prints a metro pair. */
      objectStore: objectStoreVar('TANDEM_FAILOVER_OBJECT_STORE'),
      /** Where agents (and this service) see Secrets mounted: `<dir>/<namespace>/<secret>/<key>`. */
      agentSecretsDir: absoluteDir('TANDEM_FAILOVER_AGENT_SECRETS_DIR', '/var/run/secrets/tandem'),
      /** The agents' variable holding a repository master key when a pair names no Secret for it. */
      repositoryKeyEnv: envVarName('TANDEM_FAILOVER_REPOSITORY_KEY_ENV', 'TANDEM_SECRET_REPOSITORY_KEY'),
      /** This site's scheduler: a failover from this site suspends (and, undone, resumes) the migration schedule there. */
      schedulerUrl: env.url('TANDEM_FAILOVER_SCHEDULER_URL', { protocols: ['http', 'https'], optional: true }),
      /** This site's coordinator: a failover from this site runs its last-mile migration there. */
      coordinatorUrl: env.url('TANDEM_FAILOVER_COORDINATOR_URL', { protocols: ['http', 'https'], optional: true }),
      /** A domain none of whose agents was heard for this long is Unknown: 3 × the agents' heartbeat interval. */
      heartbeatStaleMs: env.int('TANDEM_FAILOVER_HEARTBEAT_STALE_MS', { default: 30_000, min: 100, max: 86_400_000 }),
      /** A metro pair is degraded when the round trip between its domains averages more than this. */
      metroLatencyLimitMs: metroLatencyLimitVar,
    },
    source,
  );
export type FailoverConfig = ReturnType<typeof loadConfig>;
