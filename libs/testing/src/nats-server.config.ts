export interface NatsServerConfigInput {
  name: string;
  port: number;
  monitorPort: number;
  storeDir: string;
  /** JetStream domain of this server (a site's cluster domain); needed when servers are joined by leaf nodes. */
  jetstreamDomain?: string;
  /** Accept leaf-node connections on this port (127.0.0.1). */
  leafListenPort?: number;
  /** Leaf-node URLs (`nats-leaf://127.0.0.1:<port>`) of servers this one dials. */
  leafRemotes?: readonly string[];
}

const DOMAIN = /^[A-Za-z0-9_-]+$/;

/**
 * A single JetStream server on loopback. `sync_interval: always` fsyncs every write before it is acknowledged,
 * so a SIGKILL loses nothing that was acked — the guarantee Tandem's fault tests check.
 *
 * With a JetStream domain and leaf-node settings, two such servers make two sites: each keeps its own
 * JetStream (its API is reachable from the other side as `$JS.<domain>.API`), joined by a leaf-node link that
 * the dialing side re-establishes every second while it is down.
 */
export function natsServerConfig(input: NatsServerConfigInput): string {
  const { name, port, monitorPort, storeDir, jetstreamDomain, leafListenPort, leafRemotes } = input;
  if (jetstreamDomain !== undefined && !DOMAIN.test(jetstreamDomain)) {
    throw new Error(`JetStream domain ${JSON.stringify(jetstreamDomain)} may contain only letters, digits, '_' and '-'`);
  }
  for (const url of leafRemotes ?? []) {
    if (!/^nats-leaf:\/\/[^\s"]+:\d+$/.test(url)) {
      throw new Error(`leaf remote ${JSON.stringify(url)} must look like nats-leaf://<host>:<port>`);
    }
  }
  const lines = [
    `server_name: ${JSON.stringify(name)}`,
    `listen: "127.0.0.1:${port}"`,
    `http: "127.0.0.1:${monitorPort}"`,
    'jetstream {',
    `  store_dir: ${JSON.stringify(storeDir)}`,
    '  sync_interval: always',
    ...(jetstreamDomain ? [`  domain: ${JSON.stringify(jetstreamDomain)}`] : []),
    '}',
  ];
  if (leafListenPort !== undefined || (leafRemotes && leafRemotes.length > 0)) {
    lines.push('leafnodes {');
    if (leafListenPort !== undefined) lines.push(`  listen: "127.0.0.1:${leafListenPort}"`);
    if (leafRemotes && leafRemotes.length > 0) {
      lines.push('  reconnect: "1s"', '  remotes: [');
      for (const url of leafRemotes) lines.push(`    { url: ${JSON.stringify(url)} }`);
      lines.push('  ]');
    }
    lines.push('}');
  }
  lines.push('');
  return lines.join('\n');
}
