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
});
