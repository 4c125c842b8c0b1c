import { busNaming, BusPeer, domainName } from '@tandem/contracts';
import { LOG_LEVELS } from '@tandem/observability';
import { ConfigOf, ConfigVar, env } from '../config';

const BUS_DOMAIN = 'TANDEM_BUS_DOMAIN';
const BUS_PEERS = 'TANDEM_BUS_PEERS';

/** `TANDEM_BUS_DOMAIN`: this site's JetStream domain, which is its cluster domain (`primary`, `dr-site`). */
const busDomain: ConfigVar<string | undefined> = {
  name: BUS_DOMAIN,
  read(source) {
    const raw = source[BUS_DOMAIN]?.trim();
    if (!raw) return { ok: true, value: undefined };
    if (!domainName.parse(raw).ok) {
      return { ok: false, problem: `${BUS_DOMAIN}=${JSON.stringify(raw)}: expected a cluster domain name (lowercase letters, digits, '-' and '_', starting with a letter)` };
    }
    return { ok: true, value: raw };
  },
};

/**
 * `TANDEM_BUS_PEERS`: the linked sites, `<domain>=<bus prefix>` separated by commas (`dr-site=tandem_dr`). Each
 * peer's domain must differ from `TANDEM_BUS_DOMAIN`, which must then be set.
 */
const busPeers: ConfigVar<BusPeer[]> = {
  name: BUS_PEERS,
  read(source) {
    const raw = source[BUS_PEERS]?.trim();
    if (!raw) return { ok: true, value: [] };
    const expected = 'a comma-separated list of <domain>=<bus prefix>, e.g. dr-site=tandem_dr';
    const problems: string[] = [];
    const peers: BusPeer[] = [];
    for (const entry of raw.split(',').map((e) => e.trim())) {
      const [domain, prefix, ...rest] = entry.split('=').map((p) => p.trim());
      if (!domain || !prefix || rest.length > 0) {
        problems.push(`entry ${JSON.stringify(entry)} is not <domain>=<bus prefix>`);
        continue;
      }
      if (!domainName.parse(domain).ok) problems.push(`domain ${JSON.stringify(domain)} is not a cluster domain name`);
      try {
        busNaming(prefix);
      } catch (err) {
        problems.push((err as Error).message);
      }
      if (peers.some((p) => p.domain === domain)) problems.push(`domain "${domain}" is listed twice`);
      peers.push({ domain, prefix });
    }
    const own = source[BUS_DOMAIN]?.trim();
    if (!own) problems.push(`${BUS_DOMAIN} must be set too (this site's JetStream domain) when there are peers`);
    else if (peers.some((p) => p.domain === own)) problems.push(`domain "${own}" is this site's own (${BUS_DOMAIN}): a site is not its own peer`);
    if (problems.length > 0) return { ok: false, problem: `${BUS_PEERS}=${JSON.stringify(raw)}: expected ${expected}; ${problems.join('; ')}` };
    return { ok: true, value: peers };
  },
};

/** The settings every Tandem service reads at boot (and only at boot). */
export const serviceRuntimeConfig = {
  databaseUrl: env.url('TANDEM_DATABASE_URL', { protocols: ['postgres', 'postgresql'] }),
  /** A file holding the database password (a mounted Secret), so the URL carries none. */
  databasePasswordFile: env.str('TANDEM_DATABASE_PASSWORD_FILE', { optional: true }),
  natsUrl: env.url('TANDEM_NATS_URL', { protocols: ['nats', 'tls'], default: 'nats://127.0.0.1:4222' }),
  busPrefix: env.str('TANDEM_BUS_PREFIX', { default: 'tandem' }),
  busDomain,
  busPeers,
  httpPort: env.int('TANDEM_HTTP_PORT', { default: 8080, min: 0, max: 65535 }),
  httpHost: env.str('TANDEM_HTTP_HOST', { default: '0.0.0.0' }),
  logLevel: env.enum('TANDEM_LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
  otlpEndpoint: env.url('OTEL_EXPORTER_OTLP_ENDPOINT', { protocols: ['http', 'https'], optional: true }),
  spansFile: env.str('TANDEM_SPANS_FILE', { optional: true }),
  consumerConcurrency: env.int('TANDEM_CONSUMER_CONCURRENCY', { default: 16, min: 1, max: 256 }),
  maxAttempts: env.int('TANDEM_MESSAGE_MAX_ATTEMPTS', { default: 5, min: 1, max: 100 }),
};
export type ServiceRuntimeConfig = ConfigOf<typeof serviceRuntimeConfig>;
