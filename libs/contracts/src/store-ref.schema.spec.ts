import { BackUpVolumes, VerifyRecoveryPoint } from './agent-job-commands.messages';
import { masterKeyRefSchema, storeRefSchema } from './store-ref.schema';

describe('store and secret references', () => {
  it('accepts each kind of store, with credentials by reference', () => {
    expect(storeRefSchema.parse({ kind: 'fs', path: '/srv/tandem' }).ok).toBe(true);
    expect(storeRefSchema.parse({ kind: 'nats', bucket: 'pair-a' }).ok).toBe(true);
    const s3 = {
      kind: 's3',
      endpoint: 'http://127.0.0.1:8333',
      region: 'us-east-1',
      bucket: 'tandem-pair-a',
      prefix: 'site/primary',
      credentialsRef: { env: { accessKeyId: 'TANDEM_SECRET_S3_ID', secretAccessKey: 'TANDEM_SECRET_S3_KEY' } },
    };
    expect(storeRefSchema.parse(s3)).toEqual({ ok: true, value: s3 });
  });

  it('says which kind it expected', () => {
    expect(storeRefSchema.parse({ kind: 'ftp', path: '/x' }, 'store')).toEqual({ ok: false, reason: 'store.kind: expected one of fs | nats | s3, got "ftp"' });
  });

  it('never takes a secret inline', () => {
    const inline = { kind: 's3', region: 'r', bucket: 'bkt', credentialsRef: { accessKeyId: 'AKIA…', secretAccessKey: 'shh' } };
    const r = storeRefSchema.parse(inline, 'store');
    expect(r).toEqual({ ok: false, reason: 'store.credentialsRef: expected exactly one of secretFile, env, got accessKeyId, secretAccessKey' });
    expect(masterKeyRefSchema.parse({ secretFile: 'relative/path' }, 'masterKeyRef').ok).toBe(false);
    expect(masterKeyRefSchema.parse({ env: 'lower_case' }, 'masterKeyRef').ok).toBe(false);
    expect(masterKeyRefSchema.parse({ env: 'TANDEM_SECRET_KEY', secretFile: '/k' }, 'masterKeyRef')).toEqual({
      ok: false,
      reason: 'masterKeyRef: expected exactly one of secretFile, env, got env, secretFile',
    });
  });

  it('checks data commands whole: volume names are names, never paths; samples are shares', () => {
    const base = {
      requestId: 'r-1',
      epoch: 2,
      store: { kind: 'fs', path: '/srv/tandem' },
      repository: { masterKeyRef: { secretFile: '/var/run/secrets/tandem/key' } },
    };
    expect(BackUpVolumes.schema.parse({ ...base, groupSnapshotId: 'gs-1', volumes: [{ name: 'pg-data' }] }).ok).toBe(true);
    expect(BackUpVolumes.schema.parse({ ...base, groupSnapshotId: 'gs-1', volumes: [{ name: '../etc' }] }, 'data')).toEqual({
      ok: false,
      reason: 'data.volumes[0].name: expected a string of 1 to 253 characters matching /^[A-Za-z0-9][A-Za-z0-9._-]*$/, got "../etc"',
    });
    const verify = { ...base, volume: 'v', recoveryPointId: '20250131T120000123Z-1a2b3c4d' };
    expect(VerifyRecoveryPoint.schema.parse({ ...verify, sample: 0.1 }).ok).toBe(true);
    expect(VerifyRecoveryPoint.schema.parse({ ...verify, sample: 0 }, 'data')).toEqual({ ok: false, reason: 'data.sample: expected a number above 0 up to 1, got 0' });
  });
});
