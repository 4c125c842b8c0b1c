import { parseObjectStoreSetting } from './object-store-setting';

describe('the object store a site offers (TANDEM_FAILOVER_OBJECT_STORE)', () => {
  it('reads the filesystem, nats and s3 forms', () => {
    expect(parseObjectStoreSetting('filesystem:/srv/tandem')).toEqual({ ok: true, value: { type: 'filesystem', path: '/srv/tandem' } });
    expect(parseObjectStoreSetting('nats:tandem_dr')).toEqual({ ok: true, value: { type: 'nats', bucket: 'tandem_dr' } });
    expect(parseObjectStoreSetting('s3:https://minio.example.com:9000/tandem-dr?region=us-east-1&prefix=appns&credentialsSecret=tandem-system/dr-s3:creds&forcePathStyle=true')).toEqual({
      ok: true,
      value: {
        type: 's3',
        bucket: 'tandem-dr',
        endpoint: 'https://minio.example.com:9000',
        region: 'us-east-1',
        prefix: 'appns',
        forcePathStyle: true,
        credentialsSecretRef: { namespace: 'tandem-system', name: 'dr-s3', key: 'creds' },
      },
    });
    expect(parseObjectStoreSetting('s3:tandem-dr?region=eu-west-1&credentialsSecret=dr-s3')).toEqual({
      ok: true,
      value: { type: 's3', bucket: 'tandem-dr', region: 'eu-west-1', credentialsSecretRef: { name: 'dr-s3' } },
    });
  });

  it('says what is wrong and which forms are accepted', () => {
    const problem = (text: string) => {
      const r = parseObjectStoreSetting(text);
      return r.ok ? undefined : r.problem;
    };
    expect(problem('filesystem:relative/dir')).toMatch(/path: "relative\/dir" is not an absolute directory/);
    expect(problem('s3:https://minio:9000/tandem-dr')).toMatch(/region: an s3 object store needs region/);
    expect(problem('s3:tandem-dr?region=x&secret=abc')).toMatch(/unknown parameter secret/);
    expect(problem('ftp:/x')).toMatch(/^"ftp:\/x" is not an object store: write filesystem:\/abs\/path, nats:<bucket> or s3:/);
  });
});
