export interface NatsServerConfigInput {
  name: string;
  port: number;
  monitorPort: number;
  storeDir: string;
}

/**
 * A single JetStream server on loopback. `sync_interval: always` fsyncs every write before it is acknowledged,
 * so a SIGKILL loses nothing that was acked — the guarantee Tandem's fault tests check.
 */
export function natsServerConfig({ name, port, monitorPort, storeDir }: NatsServerConfigInput): string {
  return [
    `server_name: ${JSON.stringify(name)}`,
    `listen: "127.0.0.1:${port}"`,
    `http: "127.0.0.1:${monitorPort}"`,
    'jetstream {',
    `  store_dir: ${JSON.stringify(storeDir)}`,
    '  sync_interval: always',
    '}',
    '',
  ].join('\n');
}
