import { backoffDelayMs, resolvePolicy, withRetries } from './retry.policy';

const transient = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
const notFound = Object.assign(new Error('no such key'), { code: 'NoSuchKey' });
const isRetryable = (e: unknown): boolean => (e as { code?: string }).code === 'ECONNREFUSED';

describe('withRetries', () => {
  it('retries transient errors with backoff until the operation succeeds', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw transient;
        return 'done';
      },
      { isRetryable, policy: { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 }, random: () => 1, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(result).toBe('done');
    expect(sleeps).toEqual([100, 200]);
  });

  it('throws an error that is not retryable at once (4xx, not found)', async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw notFound;
      },
      { isRetryable, sleep: async () => undefined },
    );
    await expect(run).rejects.toBe(notFound);
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt and throws what `exhausted` makes of the last error', async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw transient;
      },
      {
        isRetryable,
        policy: { attempts: 4 },
        sleep: async () => undefined,
        exhausted: (error, attempts) => new Error(`gave up after ${attempts}: ${(error as Error).message}`),
      },
    );
    await expect(run).rejects.toThrow('gave up after 4: connection refused');
    expect(calls).toBe(4);
  });
});

describe('backoffDelayMs', () => {
  const policy = { attempts: 10, baseDelayMs: 200, maxDelayMs: 5_000 };

  it('doubles up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('spreads retries with full jitter between 0 and the backoff', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(400);
  });
});

describe('resolvePolicy', () => {
  it('refuses a policy that cannot work, saying what is wrong', () => {
    expect(() => resolvePolicy({ attempts: 0 })).toThrow(/attempts must be a whole number ≥ 1, got 0/);
    expect(() => resolvePolicy({ baseDelayMs: 10_000, maxDelayMs: 1_000 })).toThrow(/baseDelayMs ≤ maxDelayMs/);
  });
});
