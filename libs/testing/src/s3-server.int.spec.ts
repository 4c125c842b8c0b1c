import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type S3ServerHandle, startS3Server } from './s3-server.process';

describe('startS3Server', () => {
  let server: S3ServerHandle;
  let client: S3Client;

  beforeAll(async () => {
    server = await startS3Server({ bucket: 'helper-test' });
    client = clientFor(server, server.secretAccessKey);
  });

  afterAll(async () => {
    client?.destroy();
    await server?.destroy();
  });

  function clientFor(s: S3ServerHandle, secretAccessKey: string): S3Client {
    return new S3Client({
      endpoint: s.endpoint,
      region: s.region,
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey },
    });
  }

  async function read(key: string): Promise<string> {
    const out = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  }

  it('serves S3 on loopback with the bucket it was asked for', async () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.bucket).toBe('helper-test');
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'greeting', Body: 'hello' }));
    await expect(read('greeting')).resolves.toBe('hello');
  });

  it('generates credentials per run and refuses others', async () => {
    const other = await startS3Server();
    try {
      expect(other.accessKeyId).not.toBe(server.accessKeyId);
      expect(other.secretAccessKey).not.toBe(server.secretAccessKey);
    } finally {
      await other.destroy();
    }
    const wrong = clientFor(server, 'not-the-secret');
    try {
      await expect(wrong.send(new GetObjectCommand({ Bucket: server.bucket, Key: 'greeting' }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      wrong.destroy();
    }
  });

  it('keeps its data across a crash and a restart on the same endpoint', async () => {
    await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'kept', Body: 'still here' }));
    const endpoint = server.endpoint;
    await server.kill();
    expect(server.pid).toBeUndefined();
    // a kept-alive connection may be reset rather than refused
    await expect(read('kept')).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up|EPIPE/);
    await server.restart();
    expect(server.endpoint).toBe(endpoint);
    await expect(read('kept')).resolves.toBe('still here');
  });
});
