import { domainName } from '@tandem/contracts';
import { type ConfigVar, env, readConfig, serviceRuntimeConfig } from '@tandem/service';

/** This site's cluster domain, checked like the bus checks it. */
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

/** Where this site's platform is: `lab:<site directory>`, `kubernetes` or `kubernetes:<kubeconfig>[#context]`. */
function platformVar(name: string): ConfigVar<string> {
  return {
    name,
    read: (source) => {
      const raw = source[name]?.trim();
      const expected = 'lab:<absolute site directory>, kubernetes, or kubernetes:<kubeconfig path>[#context]';
      if (raw === undefined || raw === '') return { ok: false, problem: `${name} is not set: expected ${expected}` };
      const ok = (raw.startsWith('lab:/') && raw.length > 'lab:/'.length) || raw === 'kubernetes' || (raw.startsWith('kubernetes:') && raw.length > 'kubernetes:'.length);
      return ok ? { ok: true, value: raw } : { ok: false, problem: `${name}=${JSON.stringify(raw)}: expected ${expected}` };
    },
  };
}

/** The migration service's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /** This site's cluster domain. */
      domain: domainVar('TANDEM_DOMAIN', 'primary'),
      /** This site's platform: where applications are collected from and destination Secrets are read. */
      platform: platformVar('TANDEM_PLATFORM'),
      /** How long prepare-destination-volumes waits for the claims to be bound on the destination. */
      bindTimeoutMs: env.int('TANDEM_MIGRATION_BIND_TIMEOUT_MS', { default: 120_000, min: 100, max: 3_600_000 }),
    },
    source,
  );
export type MigrationConfig = ReturnType<typeof loadConfig>;
