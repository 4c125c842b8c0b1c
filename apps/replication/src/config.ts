import { domainName } from '@tandem/contracts';
import { type ConfigVar, env, readConfig, serviceRuntimeConfig } from '@tandem/service';

/** A cluster domain name, checked like the bus checks it (it is part of subjects). */
function domainVar(name: string, fallback: string): ConfigVar<string> {
  return {
    name,
    read: (source) => {
      const raw = source[name];
      if (raw === undefined || raw === '') return { ok: true, value: fallback };
      const checked = domainName.parse(raw, name);
      return checked.ok ? { ok: true, value: checked.value } : { ok: false, problem: `${checked.reason} (a cluster domain name, e.g. primary or dr-site)` };
    },
  };
}

/** The replication service's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /** This site's cluster domain. */
      domain: domainVar('TANDEM_DOMAIN', 'primary'),
      /** How often the RPO of every application is compared with its limit (twice its schedule's interval). */
      rpoCheckMs: env.int('TANDEM_REPLICATION_RPO_CHECK_MS', { default: 5_000, min: 50, max: 3_600_000 }),
    },
    source,
  );
export type ReplicationConfig = ReturnType<typeof loadConfig>;
