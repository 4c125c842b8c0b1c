import { LAB_STRETCHED_STORAGE_CLASS, type VolumeBinding } from '@tandem/platform';

/** The round trip a metro pair tolerates by default, in milliseconds (TANDEM_FAILOVER_METRO_LATENCY_LIMIT_MS). */
export const DEFAULT_METRO_LATENCY_LIMIT_MS = 10;

/** Storage classes whose volumes the storage layer holds in both domains of a metro pair. */
export const STRETCHED_STORAGE_CLASSES: readonly string[] = [LAB_STRETCHED_STORAGE_CLASS];

/** A round-trip measurement between two domains (an agent of `domain` probing those of `peerDomain`). */
export interface RoundTrip {
  domain: string;
  peerDomain: string;
  samples: number;
  lost: number;
  minMs?: number;
  avgMs?: number;
  maxMs?: number;
  mdevMs?: number;
  at: Date;
}

/** The claims of one protected namespace, on this site and in the destination domain (or why they cannot be seen). */
export interface NamespaceVolumes {
  namespace: string;
  here: VolumeBinding[];
  there: VolumeBinding[] | { unreachable: string };
}

export interface MetroInput {
  localDomain: string;
  peerDomain: string;
  limitMs: number;
  /** The newest measurement between the two domains, either way. */
  roundTrip?: RoundTrip;
  volumes: NamespaceVolumes[];
}

/** How a metro (sync) pair is doing: degraded, with every reason, when the storage layer cannot keep both domains equal. */
export interface MetroStatus {
  degraded: boolean;
  reasons: string[];
  /** The limit that `latency.avgMs` is held to. */
  limitMs: number;
  latency?: { minMs?: number; avgMs?: number; maxMs?: number; mdevMs?: number; samples: number; lost: number; from: string; to: string; measuredAt: string };
  /** Claims checked in the protected namespaces, and how many of them are present in both domains. */
  volumes: { checked: number; inBothDomains: number };
}

/** The newest measurement between `a` and `b` (an agent of either probing the other), if any. */
export function newestRoundTrip(measurements: Iterable<RoundTrip>, a: string, b: string): RoundTrip | undefined {
  let newest: RoundTrip | undefined;
  for (const m of measurements) {
    const between = (m.domain === a && m.peerDomain === b) || (m.domain === b && m.peerDomain === a);
    if (between && (newest === undefined || m.at > newest.at)) newest = m;
  }
  return newest;
}

/**
 * The rule: a metro pair is degraded when the newest round trip between its two domains has an average (`avgMs`:
 * the typical write's extra wait, which one slow probe does not move much) over the limit, or none of its probes was
 * answered; or when a claim of a protected namespace is not on a stretched volume present in both domains (bound
 * here and there, to the same path, in a stretched class), or the destination's volumes cannot be seen. No
 * measurement yet is not degraded: nothing says the link is slow.
 */
export function metroStatus(input: MetroInput): MetroStatus {
  const { localDomain, peerDomain, limitMs, roundTrip } = input;
  const reasons: string[] = [];
  if (roundTrip !== undefined) {
    const when = roundTrip.at.toISOString();
    const between = `between ${roundTrip.domain} and ${roundTrip.peerDomain}`;
    if (roundTrip.avgMs === undefined) {
      if (roundTrip.samples > 0) reasons.push(`none of the ${roundTrip.samples} round-trip probes ${between} was answered (measured ${when}): check the link between the domains`);
    } else if (roundTrip.avgMs > limitMs) {
      reasons.push(
        `the round trip ${between} averages ${roundTrip.avgMs} ms (measured ${when}), over the metro limit of ${limitMs} ms: ` +
          'every synchronous write waits for it; fix the link, or raise TANDEM_FAILOVER_METRO_LATENCY_LIMIT_MS if the applications tolerate it',
      );
    }
  }
  let checked = 0;
  let inBoth = 0;
  for (const ns of input.volumes) {
    if (!Array.isArray(ns.there)) {
      reasons.push(`cannot see the volumes of namespace ${ns.namespace} in domain ${peerDomain}: ${ns.there.unreachable}`);
      checked += ns.here.length;
      continue;
    }
    const there = new Map(ns.there.map((binding) => [binding.claim.name, binding]));
    for (const here of ns.here) {
      checked += 1;
      const problem = volumeProblem(here, there.get(here.claim.name), localDomain, peerDomain);
      if (problem === undefined) inBoth += 1;
      else reasons.push(`claim ${ns.namespace}/${here.claim.name} ${problem}`);
    }
  }
  return {
    degraded: reasons.length > 0,
    reasons,
    limitMs,
    ...(roundTrip
      ? {
          latency: {
            ...pick(roundTrip),
            samples: roundTrip.samples,
            lost: roundTrip.lost,
            from: roundTrip.domain,
            to: roundTrip.peerDomain,
            measuredAt: roundTrip.at.toISOString(),
          },
        }
      : {}),
    volumes: { checked, inBothDomains: inBoth },
  };
}

function volumeProblem(here: VolumeBinding, there: VolumeBinding | undefined, localDomain: string, peerDomain: string): string | undefined {
  if (here.path === undefined) return `is not bound to a volume in domain ${localDomain} (${here.unavailableReason ?? 'unbound'})`;
  const stretched = here.storageClassName !== undefined && STRETCHED_STORAGE_CLASSES.includes(here.storageClassName);
  if (!stretched) {
    return (
      `uses storage class ${here.storageClassName ?? '(none)'}, which is not stretched: its data is in domain ${localDomain} only; ` +
      `give it a stretched class (${STRETCHED_STORAGE_CLASSES.join(', ')}), or protect it with an async pair`
    );
  }
  if (there === undefined) return `does not exist in domain ${peerDomain}: its volume is not present there until the application's claims are migrated`;
  if (there.path === undefined) return `is not bound to a volume in domain ${peerDomain} (${there.unavailableReason ?? 'unbound'})`;
  if (there.path !== here.path) return `is at ${here.path} in domain ${localDomain} but at ${there.path} in domain ${peerDomain}: not the same stretched volume`;
  return undefined;
}

function pick(m: RoundTrip): { minMs?: number; avgMs?: number; maxMs?: number; mdevMs?: number } {
  return {
    ...(m.minMs === undefined ? {} : { minMs: m.minMs }),
    ...(m.avgMs === undefined ? {} : { avgMs: m.avgMs }),
    ...(m.maxMs === undefined ? {} : { maxMs: m.maxMs }),
    ...(m.mdevMs === undefined ? {} : { mdevMs: m.mdevMs }),
  };
}
