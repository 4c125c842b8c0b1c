import { env } from '@tandem/service';
import { DEFAULT_METRO_LATENCY_LIMIT_MS } from './metro-status';

/**
 * `TANDEM_FAILOVER_METRO_LATENCY_LIMIT_MS`: the round trip (average, in ms) over which a metro pair is degraded.
 * For config.ts's `loadConfig`, as `metroLatencyLimitMs: metroLatencyLimitVar`.
 */
export const metroLatencyLimitVar = env.int('TANDEM_FAILOVER_METRO_LATENCY_LIMIT_MS', { default: DEFAULT_METRO_LATENCY_LIMIT_MS, min: 1, max: 60_000 });

/** The configured limit, or the default while the configuration does not carry one. */
export function metroLatencyLimitOf(config: object): number {
  const value = (config as { metroLatencyLimitMs?: unknown }).metroLatencyLimitMs;
  return typeof value === 'number' ? value : DEFAULT_METRO_LATENCY_LIMIT_MS;
}
