import { ObjectNotFoundError } from './object-store.port';
import { StoreCallRunner } from './store-call.runner';

const store = { kind: 's3', location: 's3://bucket/prefix/ at http://127.0.0.1:9000' };
const classifier = {
  isRetryable: (e: unknown) => (e as { code?: string }).code === 'ECONNREFUSED',
  refusalHint: (e: unknown) => ((e as { name?: string }).name === 'AccessDenied' ? 'Allow s3:PutObject.' : undefined),
};
const quick = { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } };

describe('StoreCallRunner', () => {
  it('turns an outage into an ObjectStoreError naming the store, the operation and the key', async () => {
    const runner = new StoreCallRunner(store, classifier, quick);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    const error = await runner.run('put', 'chunks/ab', () => Promise.reject(refused)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'object-store-unavailable', retryable: true, operation: 'put', key: 'chunks/ab', cause: refused });
    expect((error as Error).message).toMatch(
      /^s3 object store s3:\/\/bucket\/prefix\/ at http:\/\/127\.0\.0\.1:9000: put of "chunks\/ab" failed after 3 attempts over [\d.]+ s: connect ECONNREFUSED 127\.0\.0\.1:9000\. The store is unreachable/,
    );
  });

  it('turns a refusal into a non-retryable ObjectStoreError that says what to do', async () => {
    const runner = new StoreCallRunner(store, classifier, quick);
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const error = await runner.run('put', 'x', () => Promise.reject(denied)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'object-store-refused', retryable: false });
    expect((error as Error).message).toContain('put of "x" was refused: AccessDenied: Access Denied. Allow s3:PutObject.');
  });

  it('lets expected errors through as they are', async () => {
    const runner = new StoreCallRunner(store, classifier, quick);
    const missing = new ObjectNotFoundError('x', store.location);
    await expect(runner.run('get', 'x', () => Promise.reject(missing))).rejects.toBe(missing);
  });

  it('reports each retry', async () => {
    const retries: number[] = [];
    const runner = new StoreCallRunner(store, classifier, { ...quick, onRetry: (event) => retries.push(event.attempt) });
    let calls = 0;
    await runner.run('head', 'x', async () => {
      if (++calls < 3) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    });
    expect(retries).toEqual([1, 2]);
  });
});
