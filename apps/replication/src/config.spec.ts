import { loadConfig } from './config';

describe('replication configuration', () => {
  const base = { TANDEM_DATABASE_URL: 'postgres://tandem@db:5432/tandem_replication' };

  it('has defaults for the domain and the RPO watch', () => {
    expect(loadConfig(base)).toEqual(expect.objectContaining({ domain: 'primary', rpoCheckMs: 5_000 }));
    expect(loadConfig({ ...base, TANDEM_DOMAIN: 'dr-site', TANDEM_REPLICATION_RPO_CHECK_MS: '250' })).toEqual(
      expect.objectContaining({ domain: 'dr-site', rpoCheckMs: 250 }),
    );
  });

  it('names every bad variable, with the value seen and what is expected', () => {
    expect(() => loadConfig({ ...base, TANDEM_DOMAIN: 'DR Site', TANDEM_REPLICATION_RPO_CHECK_MS: 'often' })).toThrow(
      /TANDEM_DOMAIN[\s\S]*a cluster domain name, e\.g\. primary or dr-site[\s\S]*TANDEM_REPLICATION_RPO_CHECK_MS="often": expected an integer/,
    );
  });
});
