import type { ActivationAnswer, ClusterDomainView } from '../http/domain.views';
import { NONE, renderTable } from './table';
import { age } from './time.format';

const ms = (value: number | undefined): string => (value === undefined ? '?' : value < 10 ? value.toFixed(2) : value.toFixed(1));

/** `min/avg/max/mdev ms` as ping writes it; `-` when nothing was measured, `lost` when no probe was answered. */
export function latencyCell(latency: ClusterDomainView['latency']): string {
  if (latency === undefined) return NONE;
  if (latency.avgMs === undefined) return `lost (${latency.lost}/${latency.samples + latency.lost})`;
  return `${ms(latency.minMs)}/${ms(latency.avgMs)}/${ms(latency.maxMs)}/${ms(latency.mdevMs)} ms`;
}

/** `get clusterdomainsstatus`: NAME, STATE, SYNC, EPOCH, LAST-HEARTBEAT, LATENCY; wide adds LOCAL, AGENTS and PEER. */
export function clusterDomainTable(domains: readonly ClusterDomainView[], now: Date, wide = false): string {
  const header = ['NAME', 'STATE', 'SYNC', 'EPOCH', 'LAST-HEARTBEAT', 'LATENCY', ...(wide ? ['LOCAL', 'AGENTS', 'PEER'] : [])];
  const rows = domains.map((d) => [
    d.name,
    d.state,
    d.syncStatus,
    String(d.epoch),
    d.lastHeartbeatAt ? `${age(d.lastHeartbeatAt, now)} ago` : NONE,
    latencyCell(d.latency),
    ...(wide ? [d.local ? 'yes' : 'no', d.agents.length ? d.agents.map((a) => `${a.node}@${a.epoch}`).join(',') : NONE, d.latency?.peerDomain ?? NONE] : []),
  ]);
  return renderTable(header, rows);
}

/** What `activate|deactivate migration` switched, one line per workload, like kubectl's `deployment.apps/web scaled`. */
export function activationLines(answer: ActivationAnswer): string {
  const lines: string[] = [];
  for (const ns of answer.namespaces) {
    if (ns.workloads.length === 0) lines.push(`namespace ${ns.namespace}: no workloads to ${answer.action}`);
    for (const w of ns.workloads) {
      const what = `${w.kind.toLowerCase()}/${w.name} -n ${ns.namespace}`;
      if (w.outcome === 'failed') lines.push(`${what} failed: ${w.message ?? w.reason ?? 'refused'}`);
      else if (w.outcome === 'unchanged') lines.push(`${what} unchanged`);
      else lines.push(`${what} ${answer.action}d${w.replicas !== undefined ? ` (replicas ${w.replicas})` : ''}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
