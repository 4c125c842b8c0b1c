import { natsServerConfig } from './nats-server.config';

describe('natsServerConfig', () => {
  const base = { name: 'n1', port: 4222, monitorPort: 8222, storeDir: '/tmp/store' };

  it('is a lone JetStream server unless told otherwise', () => {
    const config = natsServerConfig(base);
    expect(config).not.toMatch(/domain|leafnodes/);
    expect(config).toContain('sync_interval: always');
  });

  it('gives JetStream its domain and opens or dials leaf-node links', () => {
    const hub = natsServerConfig({ ...base, jetstreamDomain: 'primary', leafListenPort: 7422 });
    expect(hub).toMatch(/jetstream \{[^}]*domain: "primary"[^}]*\}/);
    expect(hub).toMatch(/leafnodes \{\s*listen: "127\.0\.0\.1:7422"\s*\}/);
    const spoke = natsServerConfig({ ...base, jetstreamDomain: 'dr-site', leafRemotes: ['nats-leaf://127.0.0.1:7422'] });
    expect(spoke).toMatch(/leafnodes \{[\s\S]*remotes: \[\s*\{ url: "nats-leaf:\/\/127\.0\.0\.1:7422" \}\s*\]/);
  });

  it('refuses a bad domain or remote', () => {
    expect(() => natsServerConfig({ ...base, jetstreamDomain: 'dr site' })).toThrow('JetStream domain "dr site" may contain only');
    expect(() => natsServerConfig({ ...base, leafRemotes: ['127.0.0.1:7422'] })).toThrow('must look like nats-leaf://<host>:<port>');
  });
});
