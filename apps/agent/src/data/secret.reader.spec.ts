import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretReader } from './secret.reader';

describe('secret references', () => {
  let dir: string;
  let secrets: string;
  let reader: SecretReader;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-secrets-'));
    secrets = join(dir, 'secrets');
    await mkdir(secrets);
    reader = new SecretReader({ secretsDir: secrets, envPrefix: 'TANDEM_SECRET_', readEnv: (n) => env[n] });
  });

  it('reads a 32-byte base64 master key from a mounted file or a variable', async () => {
    const key = randomBytes(32);
    await writeFile(join(secrets, 'master-key'), `${key.toString('base64')}\n`);
    expect(await reader.masterKey({ secretFile: join(secrets, 'master-key') })).toEqual(key);
    env.TANDEM_SECRET_MASTER_KEY = key.toString('base64');
    expect(await reader.masterKey({ env: 'TANDEM_SECRET_MASTER_KEY' })).toEqual(key);
  });

  it('says what is wrong with a key that is not 32 bytes', async () => {
    env.TANDEM_SECRET_SHORT = randomBytes(16).toString('base64');
    await expect(reader.masterKey({ env: 'TANDEM_SECRET_SHORT' })).rejects.toThrow(
      'the master key in variable TANDEM_SECRET_SHORT is not 32 bytes of base64 (it decodes to 16 bytes); generate one with `openssl rand -base64 32`',
    );
  });

  it('reads S3 credentials as JSON or as an AWS credentials file', async () => {
    await writeFile(join(secrets, 's3.json'), JSON.stringify({ accessKeyId: 'id1', secretAccessKey: 'key1' }));
    await writeFile(join(secrets, 'cloud'), '[default]\naws_access_key_id = id2\naws_secret_access_key = key2\n');
    expect(await reader.s3Credentials({ secretFile: join(secrets, 's3.json') })).toEqual({ accessKeyId: 'id1', secretAccessKey: 'key1' });
    expect(await reader.s3Credentials({ secretFile: join(secrets, 'cloud') })).toEqual({ accessKeyId: 'id2', secretAccessKey: 'key2' });
  });

  it('follows the symlinks of a mounted Secret that stay inside the secrets directory', async () => {
    await mkdir(join(secrets, '..data'));
    await writeFile(join(secrets, '..data', 'token'), JSON.stringify({ accessKeyId: 'id3', secretAccessKey: 'key3' }));
    await symlink('..data/token', join(secrets, 'token'));
    expect(await reader.s3Credentials({ secretFile: join(secrets, 'token') })).toEqual({ accessKeyId: 'id3', secretAccessKey: 'key3' });
  });

  it('never hands out a file outside the secrets directory, or a variable without the prefix', async () => {
    await writeFile(join(dir, 'elsewhere'), randomBytes(32).toString('base64'));
    await symlink(join(dir, 'elsewhere'), join(secrets, 'sneaky'));
    for (const file of [join(dir, 'elsewhere'), join(secrets, 'sneaky')]) {
      await expect(reader.masterKey({ secretFile: file })).rejects.toThrow(`secret file ${file} is outside the secrets directory ${secrets}`);
    }
    await expect(reader.masterKey({ env: 'TANDEM_DATABASE_URL' })).rejects.toThrow(
      'environment variable TANDEM_DATABASE_URL may not hold a secret for a command: only variables starting with TANDEM_SECRET_',
    );
    await expect(reader.masterKey({ env: 'TANDEM_SECRET_UNSET' })).rejects.toThrow('environment variable TANDEM_SECRET_UNSET is not set on this agent');
  });
});
