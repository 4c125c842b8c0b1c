import { ConfigError } from '@tandem/service';
import { loadConfig } from './config';

const base = { TANDEM_DATABASE_URL: 'postgres://127.0.0.1:5432/tandem', TANDEM_PLATFORM: 'lab:/var/lib/tandem/sites/primary' };

describe("the failover service's configuration", () => {
  it('defaults the domain, secrets directory and key variable, and reads the offered store', () => {
    const config = loadConfig({ ...base, TANDEM_FAILOVER_OBJECT_STORE: 'nats:tandem_dr' });
    expect(config).toMatchObject({
      domain: 'primary',
      platform: 'lab:/var/lib/tandem/sites/primary',
      agentSecretsDir: '/var/run/secrets/tandem',
      repositoryKeyEnv: 'TANDEM_SECRET_REPOSITORY_KEY',
      objectStore: { type: 'nats', bucket: 'tandem_dr' },
    });
    expect(config.publicUrl).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    const read = () =>
      loadConfig({
        TANDEM_DATABASE_URL: base.TANDEM_DATABASE_URL,
        TANDEM_DOMAIN: 'DR Site',
        TANDEM_FAILOVER_PUBLIC_URL: 'tandem.dr-site',
        TANDEM_FAILOVER_OBJECT_STORE: 'filesystem:relative',
        TANDEM_FAILOVER_AGENT_SECRETS_DIR: 'secrets',
        TANDEM_FAILOVER_REPOSITORY_KEY_ENV: 'repo-key',
      });
    expect(read).toThrow(ConfigError);
    let problems: readonly string[] = [];
    try {
      read();
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((p) => p.split(/[=: ]/)[0])).toEqual([
      'TANDEM_DOMAIN',
      'TANDEM_PLATFORM',
      'TANDEM_FAILOVER_PUBLIC_URL',
      'TANDEM_FAILOVER_OBJECT_STORE',
      'TANDEM_FAILOVER_AGENT_SECRETS_DIR',
      'TANDEM_FAILOVER_REPOSITORY_KEY_ENV',
    ]);
    expect(problems[1]).toBe('TANDEM_PLATFORM is not set: expected lab:<absolute site directory>, kubernetes, or kubernetes:<kubeconfig path>[#context]');
    expect(problems[3]).toMatch(/"relative" is not an absolute directory/);
  });
});
