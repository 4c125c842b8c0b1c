import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../config';
import { databaseUrl } from './service-runtime';
import { serviceRuntimeConfig } from './service-runtime.config';

describe('service runtime configuration', () => {
  const base = { TANDEM_DATABASE_URL: 'postgres://tandem@db:5432/tandem_agent' };

  it('takes the database password from a mounted file, not from the URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-'));
    await writeFile(join(dir, 'password'), 's3cret/with:chars\n');
    const config = readConfig(serviceRuntimeConfig, { ...base, TANDEM_DATABASE_PASSWORD_FILE: join(dir, 'password') });
    const url = new URL(await databaseUrl(config));
    expect(decodeURIComponent(url.password)).toBe('s3cret/with:chars');
    expect(url.username).toBe('tandem');
  });

  it('says which file it could not read', async () => {
    const config = readConfig(serviceRuntimeConfig, { ...base, TANDEM_DATABASE_PASSWORD_FILE: '/nonexistent/pw' });
    await expect(databaseUrl(config)).rejects.toThrow('cannot read TANDEM_DATABASE_PASSWORD_FILE /nonexistent/pw');
  });

  it('names every bad variable at boot', () => {
    expect(() => readConfig(serviceRuntimeConfig, { TANDEM_HTTP_PORT: 'abc', TANDEM_NATS_URL: 'http://x' })).toThrow(
      /TANDEM_DATABASE_URL[\s\S]*TANDEM_NATS_URL[\s\S]*TANDEM_HTTP_PORT="abc": expected an integer from 0 to 65535/,
    );
  });

  it('reads the linked sites of the bus', () => {
    const config = readConfig(serviceRuntimeConfig, { ...base, TANDEM_BUS_DOMAIN: 'primary', TANDEM_BUS_PEERS: 'dr-site=tandem_dr, other=tandem-other' });
    expect(config.busDomain).toBe('primary');
    expect(config.busPeers).toEqual([
      { domain: 'dr-site', prefix: 'tandem_dr' },
      { domain: 'other', prefix: 'tandem-other' },
    ]);
    expect(readConfig(serviceRuntimeConfig, base)).toMatchObject({ busDomain: undefined, busPeers: [] });
  });

  it.each([
    [{ TANDEM_BUS_PEERS: 'dr-site=tandem_dr' }, /TANDEM_BUS_PEERS="dr-site=tandem_dr": .*TANDEM_BUS_DOMAIN must be set too/],
    [{ TANDEM_BUS_DOMAIN: 'primary', TANDEM_BUS_PEERS: 'dr-site' }, /entry "dr-site" is not <domain>=<bus prefix>/],
    [{ TANDEM_BUS_DOMAIN: 'primary', TANDEM_BUS_PEERS: 'DR=tandem_dr' }, /domain "DR" is not a cluster domain name/],
    [{ TANDEM_BUS_DOMAIN: 'primary', TANDEM_BUS_PEERS: 'dr-site=Tandem.DR' }, /bus prefix "Tandem.DR" must be lowercase/],
    [{ TANDEM_BUS_DOMAIN: 'primary', TANDEM_BUS_PEERS: 'dr-site=a,dr-site=b' }, /domain "dr-site" is listed twice/],
    [{ TANDEM_BUS_DOMAIN: 'primary', TANDEM_BUS_PEERS: 'primary=tandem' }, /domain "primary" is this site's own \(TANDEM_BUS_DOMAIN\)/],
    [{ TANDEM_BUS_DOMAIN: 'Primary Site' }, /TANDEM_BUS_DOMAIN="Primary Site": expected a cluster domain name/],
  ])('refuses bad bus links %j, saying what is wrong', (vars, message) => {
    expect(() => readConfig(serviceRuntimeConfig, { ...base, ...vars })).toThrow(message);
  });
});
