import { randomInt } from 'node:crypto';
import { type KubeObject, refOf } from '../../model/kube-object';
import { PlatformError } from '../../platform.errors';
import { type JsonMap, isMap, listAt, mapAt } from '../util/json-value';

/** The service CIDR of a lab site, as kubeadm's default: 10.96.0.0/12. */
const RANGE_START = ipToNumber('10.96.0.0');
const RANGE_SIZE = 2 ** 20;
const NODE_PORTS = { min: 30000, max: 32767 };

/**
 * What the API server assigns to a Service: a cluster IP from the service CIDR (unless headless or
 * ExternalName) and node ports for NodePort and LoadBalancer Services, keeping the values a Service already
 * has so that applying it again changes nothing. Changes `next` in place.
 */
export function allocateServiceAddresses(next: KubeObject, live: KubeObject | undefined, services: readonly KubeObject[]): void {
  const spec = mapAt(next, 'spec');
  if (!spec) return;
  const others = services.filter((service) => service.metadata.uid !== next.metadata.uid && !(service.metadata.namespace === next.metadata.namespace && service.metadata.name === next.metadata.name));
  const type = spec['type'];
  if (type === 'ExternalName') {
    delete spec['clusterIP'];
    delete spec['clusterIPs'];
  } else {
    assignClusterIP(next, spec, live, others);
  }
  const usesNodePorts = type === 'NodePort' || type === 'LoadBalancer';
  const taken = new Set(others.flatMap((service) => listAt(service, 'spec', 'ports')).map((port) => (isMap(port) ? port['nodePort'] : undefined)));
  const livePorts = listAt(live, 'spec', 'ports').filter(isMap);
  for (const port of listAt(spec, 'ports').filter(isMap)) {
    if (!usesNodePorts) {
      delete port['nodePort'];
      continue;
    }
    if (port['nodePort'] === undefined) {
      const before = livePorts.find((old) => old['port'] === port['port'] && (old['protocol'] ?? 'TCP') === (port['protocol'] ?? 'TCP'));
      port['nodePort'] = typeof before?.['nodePort'] === 'number' && !taken.has(before['nodePort']) ? before['nodePort'] : freeNodePort(taken, next);
    } else if (taken.has(port['nodePort'])) {
      throw new PlatformError('Invalid', `is invalid: spec.ports.nodePort: Invalid value: ${String(port['nodePort'])}: provided port is already allocated`, { ref: refOf(next) });
    }
    taken.add(port['nodePort']);
  }
}

function assignClusterIP(next: KubeObject, spec: JsonMap, live: KubeObject | undefined, others: readonly KubeObject[]): void {
  const used = new Set(others.map((service) => mapAt(service, 'spec')?.['clusterIP']));
  let ip = spec['clusterIP'];
  if (ip === undefined || ip === '') ip = mapAt(live, 'spec')?.['clusterIP'];
  if (ip === 'None') {
    spec['clusterIP'] = 'None';
    spec['clusterIPs'] = ['None'];
    return;
  }
  if (typeof ip === 'string' && ip !== '') {
    const n = ipToNumber(ip);
    if (!(n >= RANGE_START && n < RANGE_START + RANGE_SIZE)) {
      throw new PlatformError('Invalid', `is invalid: spec.clusterIP: Invalid value: "${ip}": provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12`, { ref: refOf(next) });
    }
    if (used.has(ip) && mapAt(live, 'spec')?.['clusterIP'] !== ip) {
      throw new PlatformError('Invalid', `is invalid: spec.clusterIP: Invalid value: "${ip}": provided IP is already allocated`, { ref: refOf(next) });
    }
  } else {
    do ip = numberToIp(RANGE_START + randomInt(2, RANGE_SIZE - 1));
    while (used.has(ip));
  }
  spec['clusterIP'] = ip;
  spec['clusterIPs'] = [ip];
}

function freeNodePort(taken: ReadonlySet<unknown>, service: KubeObject): number {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const port = randomInt(NODE_PORTS.min, NODE_PORTS.max + 1);
    if (!taken.has(port)) return port;
  }
  throw new PlatformError('Unavailable', 'no free node port left in 30000-32767', { ref: refOf(service) });
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return Number.NaN;
  return parts.reduce((n, part) => n * 256 + part, 0);
}

function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
