import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type S3ServerHandle, startS3Server, uniqueName } from '@tandem/testing';
import { objectStoreContract } from './object-store.contract';
import { ObjectStoreError } from './object-store.errors';
import { RecordingProxy } from './recording.proxy';
import { S3ObjectStore, S3ObjectStoreOptions } from './s3.object-store';

let server: S3ServerHandle;
const stores: S3ObjectStore[] = [];

beforeAll(async () => {
  server = await startS3Server();
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await server?.destroy();
});

/** A store on the test server, in a prefix of its own; credentials as a caller would pass them in. */
function s3Store(overrides: Partial<S3ObjectStoreOptions> = {}): S3ObjectStore {
  const store = new S3ObjectStore({
    endpoint: server.endpoint,
    region: server.region,
    bucket: server.bucket,
    prefix: `tests/${uniqueName('store')}`,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    ...overrides,
  });
  stores.push(store);
  return store;
}

objectStoreContract('S3ObjectStore', {
  async create(options) {
    return { store: s3Store(options), server };
  },
  manyObjects: 1_100, // more than one page of ListObjectsV2
});

describe('S3ObjectStore', () => {
  let proxy: RecordingProxy;
  beforeEach(async () => {
    proxy = await RecordingProxy.start(server.endpoint);
  });
  afterEach(async () => {
    await proxy.close();
  });

  it('uploads with Content-MD5, so the server refuses a corrupted upload; the retry stores the right bytes', async () => {
    const store = s3Store({ endpoint: proxy.url });
    const data = new Uint8Array(64 * 1024).map((_, i) => i % 251);
    proxy.corruptUploads(1);
    await expect(store.put('chunks/damaged-on-the-way', data)).resolves.toEqual({ written: true });
    const puts = proxy.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => [r.corrupted, r.status])).toEqual([[true, 400], [false, 200]]);
    expect(puts[1]?.headers['content-md5']).toBe(createHash('md5').update(data).digest('base64'));
    expect(Buffer.from(await store.get('chunks/damaged-on-the-way')).equals(Buffer.from(data))).toBe(true);
  });

  it('the server checks Content-MD5 itself', async () => {
    const client = new S3Client({
      endpoint: server.endpoint,
      region: server.region,
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    try {
      const wrongMd5 = createHash('md5').update('other bytes').digest('base64');
      const put = client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'tests/bad-md5', Body: 'bytes', ContentMD5: wrongMd5 }));
      await expect(put).rejects.toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    } finally {
      client.destroy();
    }
  });

  it('uses If-None-Match: * for ifAbsent when the server supports it', async () => {
    const store = s3Store({ endpoint: proxy.url });
    await store.put('chunks/once', new Uint8Array([1]), { ifAbsent: true });
    await expect(store.put('chunks/once', new Uint8Array([2]), { ifAbsent: true })).resolves.toEqual({ written: false });
    const conditional = proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes('chunks/once'));
    expect(conditional.map((r) => [r.headers['if-none-match'], r.status])).toEqual([['*', 200], ['*', 412]]);
  });

  it('falls back to HEAD-then-PUT for servers without conditional writes', async () => {
    const store = s3Store({ endpoint: proxy.url, conditionalWrites: 'head-then-put' });
    await expect(store.put('chunks/once', new Uint8Array([1]), { ifAbsent: true })).resolves.toEqual({ written: true });
    await expect(store.put('chunks/once', new Uint8Array([2]), { ifAbsent: true })).resolves.toEqual({ written: false });
    expect(Array.from(await store.get('chunks/once'))).toEqual([1]);
    expect(proxy.requests.some((r) => r.headers['if-none-match'])).toBe(false);
  });

  it('detects bytes changed behind its back when reading', async () => {
    const prefix = `tests/${uniqueName('tampered')}`;
    const store = s3Store({ prefix, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
    await store.put('manifests/m1', new TextEncoder().encode('original'));
    const client = new S3Client({
      endpoint: server.endpoint,
      region: server.region,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    try {
      const md5 = createHash('md5').update('original').digest('base64');
      await client.send(
        new PutObjectCommand({ Bucket: server.bucket, Key: `${prefix}/manifests/m1`, Body: 'tampered', Metadata: { 'tandem-md5': md5 } }),
      );
    } finally {
      client.destroy();
    }
    await expect(store.get('manifests/m1')).rejects.toThrow(/do not match the MD5 stored with them\. The stored object is damaged/);
  });

  it('says what to fix when the credentials are wrong, without showing the secret', async () => {
    const store = s3Store({ credentials: { accessKeyId: server.accessKeyId, secretAccessKey: 'wrong-secret-value' } });
    const error = await store.put('x', new Uint8Array([1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect(error).toMatchObject({ code: 'object-store-refused', retryable: false });
    expect((error as Error).message).toMatch(/put of "x" was refused: SignatureDoesNotMatch.*Check the access key id/);
    expect((error as Error).message).not.toContain('wrong-secret-value');
  });

  it('says to create the bucket when it does not exist', async () => {
    const store = s3Store({ bucket: 'no-such-bucket' });
    await expect(store.get('x')).rejects.toThrow(/no-such-bucket.*was refused: NoSuchBucket.*Create the bucket/);
  });

  it('refuses to start without credentials', () => {
    expect(() => s3Store({ credentials: { accessKeyId: '', secretAccessKey: '' } })).toThrow(/needs credentials\.accessKeyId/);
  });
});
