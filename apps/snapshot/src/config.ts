import { domainName } from '@tandem/contracts';
import { type ConfigVar, readConfig, serviceRuntimeConfig } from '@tandem/service';

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

/** The snapshot service's configuration; the only reader of process.env. Bad values stop the boot with the reason. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) =>
  readConfig(
    {
      ...serviceRuntimeConfig,
      /** This site's cluster domain. */
      domain: domainVar('TANDEM_DOMAIN', 'primary'),
      /** This site's platform: where the rules run and the volumes are captured. */
      platform: platformVar('TANDEM_PLATFORM'),
    },
    source,
  );
export type SnapshotConfig = ReturnType<typeof loadConfig>;
