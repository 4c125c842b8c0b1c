import { loadConfig } from './config';

describe('migration service configuration', () => {
  const base = { TANDEM_DATABASE_URL: 'postgres://tandem@db:5432/tandem_migration', TANDEM_PLATFORM: 'lab:/var/lib/tandem/sites/primary' };

  it('has defaults for the domain and the bind timeout', () => {
    expect(loadConfig(base)).toEqual(expect.objectContaining({ domain: 'primary', platform: 'lab:/var/lib/tandem/sites/primary', bindTimeoutMs: 120_000 }));
    expect(loadConfig({ ...base, TANDEM_PLATFORM: 'kubernetes', TANDEM_DOMAIN: 'dr-site' })).toEqual(expect.objectContaining({ domain: 'dr-site', platform: 'kubernetes' }));
  });

  it('requires the platform and names every bad variable, with what is expected', () => {
    expect(() => loadConfig({ TANDEM_DATABASE_URL: base.TANDEM_DATABASE_URL })).toThrow(/TANDEM_PLATFORM is not set: expected lab:<absolute site directory>, kubernetes/);
    expect(() => loadConfig({ ...base, TANDEM_PLATFORM: 'lab:relative/dir', TANDEM_DOMAIN: 'DR Site', TANDEM_MIGRATION_BIND_TIMEOUT_MS: 'soon' })).toThrow(
      /TANDEM_DOMAIN[\s\S]*a cluster domain name[\s\S]*TANDEM_PLATFORM="lab:relative\/dir"[\s\S]*TANDEM_MIGRATION_BIND_TIMEOUT_MS="soon": expected an integer from 100 to 3600000/,
    );
  });
});
