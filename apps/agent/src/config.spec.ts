import { loadConfig } from './config';

describe('agent configuration', () => {
  const base = { TANDEM_DATABASE_URL: 'postgres://tandem@db:5432/tandem_agent' };

  it('defaults what it can: volumes under the data dir, 10 s heartbeats, no peer', () => {
    const config = loadConfig({ ...base, TANDEM_AGENT_DATA_DIR: '/data/agent' });
    expect(config).toEqual(
      expect.objectContaining({ volumesDir: '/data/agent/volumes', heartbeatMs: 10_000, peerDomain: undefined, probeCount: 5, uploadBytesPerSecond: 0 }),
    );
  });

  it('names every bad variable and what it should be', () => {
    expect(() =>
      loadConfig({
        ...base,
        TANDEM_AGENT_DOMAIN: 'Primary Site',
        TANDEM_AGENT_PEER_DOMAIN: 'dr-site',
        TANDEM_AGENT_HEARTBEAT_MS: '5',
        TANDEM_AGENT_VOLUMES_DIR: 'relative/volumes',
      }),
    ).toThrow(
      /TANDEM_AGENT_DOMAIN: expected a string .* got "Primary Site" \(a cluster domain name, e.g. primary or dr-site\)[\s\S]*TANDEM_AGENT_VOLUMES_DIR="relative\/volumes": expected an absolute path[\s\S]*TANDEM_AGENT_HEARTBEAT_MS="5": expected an integer from 100 to 3600000/,
    );
  });

  it('refuses to probe its own domain', () => {
    expect(() => loadConfig({ ...base, TANDEM_AGENT_DOMAIN: 'primary', TANDEM_AGENT_PEER_DOMAIN: 'primary' })).toThrow(
      'TANDEM_AGENT_PEER_DOMAIN="primary": the peer must be another domain than TANDEM_AGENT_DOMAIN',
    );
  });
});
