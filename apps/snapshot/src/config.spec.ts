import { loadConfig } from './config';

describe('snapshot service configuration', () => {
  const base = { TANDEM_DATABASE_URL: 'postgres://tandem@db:5432/tandem_snapshot', TANDEM_PLATFORM: 'lab:/var/lib/tandem/sites/primary' };

  it('reads the platform and defaults the domain to primary', () => {
    expect(loadConfig(base)).toEqual(expect.objectContaining({ platform: 'lab:/var/lib/tandem/sites/primary', domain: 'primary' }));
  });

  it('needs TANDEM_PLATFORM, and names a bad one or a bad domain with what is expected', () => {
    expect(() => loadConfig({ TANDEM_DATABASE_URL: base.TANDEM_DATABASE_URL })).toThrow(/TANDEM_PLATFORM is not set: expected lab:<absolute site directory>/);
    const bad = () => loadConfig({ ...base, TANDEM_PLATFORM: 'lab:relative/dir', TANDEM_DOMAIN: 'Not A Domain' });
    expect(bad).toThrow(/TANDEM_DOMAIN.*a cluster domain name, e\.g\. primary or dr-site/);
    expect(bad).toThrow(/TANDEM_PLATFORM="lab:relative\/dir": expected lab:<absolute site directory>/);
  });
});
