import type { ClusterPairView } from '../http/protect.views';
import { NONE, renderTable } from './table';
import { age, formatTime } from './time.format';

/**
 * NAME, MODE, STATUS (the failover service's last check: Ready or NotReady), CHECKED, CREATED; `-o wide` adds the
 * destination's cluster domain and endpoints, the object store and why the pair is not ready.
 */
export function clusterPairTable(pairs: readonly ClusterPairView[], now: Date, opts: { wide?: boolean; withNamespace?: boolean } = {}): string {
  const header = [
    ...(opts.withNamespace ? ['NAMESPACE'] : []),
    ...['NAME', 'MODE', 'STATUS', 'CHECKED', 'CREATED'],
    ...(opts.wide ? ['DOMAIN', 'ENDPOINTS', 'OBJECT-STORE', 'REASON'] : []),
  ];
  const rows = pairs.map((p) => {
    const destination = record(p.spec['destination']);
    return [
      ...(opts.withNamespace ? [p.metadata.namespace] : []),
      p.metadata.name,
      p.status.mode,
      p.status.state,
      p.status.checkedAt ? `${age(p.status.checkedAt, now)} ago` : NONE,
      formatTime(p.metadata.creationTimestamp),
      ...(opts.wide ? [text(destination['clusterDomain']), list(destination['endpoints']), objectStoreText(record(p.spec['objectStore'])), p.status.reason ?? NONE] : []),
    ];
  });
  return renderTable(header, rows);
}

/** `s3:tandem-dr/appns`, `filesystem:/mnt/dr`, `-` for a metro pair. */
export function objectStoreText(store: Record<string, unknown>): string {
  if (typeof store['type'] !== 'string') return NONE;
  const where = typeof store['path'] === 'string' ? store['path'] : [store['bucket'], store['prefix']].filter((s) => typeof s === 'string').join('/');
  return where ? `${store['type']}:${where}` : store['type'];
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string => (typeof value === 'string' && value ? value : NONE);
const list = (value: unknown): string => (Array.isArray(value) && value.length ? value.join(',') : NONE);
