import { domainName } from '@tandem/contracts';
import type { ConfigVar } from '../config';

/** A cluster domain name, checked like the bus checks it (it is part of subjects); `fallback` when unset or empty. */
export function domainVar(name: string, fallback: string): ConfigVar<string> {
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

/** Where a site's platform is: `lab:<site directory>`, `kubernetes` or `kubernetes:<kubeconfig>[#context]` (required). */
export function platformVar(name: string): ConfigVar<string> {
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

/** The settings of a service that works on its own site: spread the ones it reads next to serviceRuntimeConfig. */
export const siteConfig = {
  /** `TANDEM_DOMAIN`: this site's cluster domain (`primary` by default). */
  domain: domainVar('TANDEM_DOMAIN', 'primary'),
  /** `TANDEM_PLATFORM`: this site's platform, opened with openPlatform() of @tandem/platform. */
  platform: platformVar('TANDEM_PLATFORM'),
};
